from django.contrib import admin
from django.urls import include, path

from efiling.api.urls import api

admin.site.site_header = "efiling administration"
admin.site.site_title = "efiling administration"

urlpatterns = [
    path("", include("efiling.core.urls")),
    path("", include("efiling.courts.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "efiling.core.views.bad_request"
handler403 = "efiling.core.views.forbidden"
handler404 = "efiling.core.views.not_found"
handler500 = "efiling.core.views.server_error"
