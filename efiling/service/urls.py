from django.urls import path

from efiling.service import views

urlpatterns = [
    path("", views.notices, name="notices"),
    path("<int:notice_id>/read/", views.notice_read, name="notice-read"),
]
