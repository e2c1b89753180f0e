from django.urls import path

from efiling.scheduling import views

urlpatterns = [
    path("cases/<int:case_id>/hearings/", views.case_hearings, name="case-hearings"),
    path(
        "hearings/<int:hearing_id>/reschedule/",
        views.hearing_reschedule,
        name="hearing-reschedule",
    ),
    path("hearings/<int:hearing_id>/cancel/", views.hearing_cancel, name="hearing-cancel"),
    path("calendar/", views.judge_calendar, name="judge-calendar"),
]
