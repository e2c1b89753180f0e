"""The public side, under /public/ (Case.net): no sign-in."""

from django.urls import path

from efiling.public.feeds import public_docket_feed
from efiling.public.search_views import public_search
from efiling.public.views import public_case, public_document

urlpatterns = [
    path("search/", public_search, name="public-search"),
    path("cases/<str:number>/", public_case, name="public-case"),
    path(
        "cases/<str:number>/documents/<int:document_id>/",
        public_document,
        name="public-case-document",
    ),
    path("cases/<str:number>/feed.atom", public_docket_feed, name="public-case-feed"),
]
