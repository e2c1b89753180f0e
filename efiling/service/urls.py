from django.urls import path

from efiling.service import views

urlpatterns = [
    path("", views.notices, name="notices"),
    path("<int:notice_id>/read/", views.notice_read, name="notice-read"),
    path("<int:notice_id>/open/", views.notice_open, name="notice-open"),
    path("read-all/", views.notices_read_all, name="notices-read-all"),
    path("e-mail/", views.notice_preferences, name="notice-preferences"),
    path("tracking/<int:case_id>/", views.case_tracking, name="case-tracking"),
    path("tracking/public/<str:number>/", views.public_case_tracking, name="public-case-tracking"),
    path("unsubscribe/<str:token>/", views.notice_unsubscribe, name="notice-unsubscribe"),
    path("served/<int:record_id>/", views.served, name="served"),
    path("service/<uuid:public_id>/", views.envelope_service, name="envelope-service"),
    path(
        "served/<int:record_id>/documents/<int:document_id>.pdf",
        views.served_document,
        name="served-document",
    ),
]
