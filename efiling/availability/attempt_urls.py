from django.urls import path

from efiling.availability import attempt_views

urlpatterns = [
    path("", attempt_views.attempts_list, name="filing-attempts"),
    path("record.pdf", attempt_views.attempts_record_download, name="filing-attempts-record"),
    path("verify/", attempt_views.attempts_record_verify, name="filing-attempts-verify"),
]
