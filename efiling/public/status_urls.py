"""The public status page, under /status/: outside /public/, so that a maintenance window that
stops the public search leaves it up."""

from django.urls import path

from efiling.public.status import status_csv, status_feed, status_page

urlpatterns = [
    path("", status_page, name="status"),
    path("history.csv", status_csv, name="status-csv"),
    path("feed.atom", status_feed, name="status-feed"),
]
