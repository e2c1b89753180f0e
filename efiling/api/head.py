"""HEAD on the API (RFC 9110 9.3.2): every GET operation answers HEAD as it answers GET (the
same status and headers, Content-Length included), without the body. django-ninja routes an
operation by its declared methods only and answers 405 to a HEAD of a GET operation; declaring
HEAD on each operation would double the OpenAPI document, so one middleware runs the GET and
drops its body. A HEAD of an address that takes no GET is still 405, as its GET would be."""

from __future__ import annotations

from efiling.core.errors import API_PREFIX


class ApiHeadMiddleware:
    """Under /api/, HEAD is run as GET and answered without its body. Outside the API Django
    answers HEAD wherever GET is (the pages' require_safe and views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # The file stays open for its closer (response.close()); its length is set.
            response.streaming_content = iter(())
        else:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
