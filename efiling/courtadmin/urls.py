from django.urls import path

from efiling.courtadmin import incidents, maintenance, sent_mail, terminals, views

urlpatterns = [
    path("", views.index, name="courtadmin-index"),
    path("holidays/", views.statewide_holidays, name="courtadmin-holidays"),
    path(
        "holidays/<int:holiday_id>/remove/", views.holiday_remove, name="courtadmin-holiday-remove"
    ),
    path(
        "rejection-reasons/<int:reason_id>/toggle/",
        views.rejection_reason_toggle,
        name="courtadmin-rejection-reason-toggle",
    ),
    path("courtrooms/<int:courtroom_id>/", views.courtroom_edit, name="courtadmin-courtroom"),
    path(
        "courtrooms/<int:courtroom_id>/hours/",
        views.courtroom_hours,
        name="courtadmin-courtroom-hours",
    ),
    path(
        "filing-codes/<int:filing_code_id>/",
        views.filing_code_edit,
        name="courtadmin-filing-code",
    ),
    path(
        "assignments/<int:assignment_id>/remove/",
        views.assignment_remove,
        name="courtadmin-assignment-remove",
    ),
    path("terminals/<int:terminal_id>/", terminals.terminal_page, name="courtadmin-terminal"),
    path(
        "terminals/<int:terminal_id>/revoke/",
        terminals.terminal_revoke,
        name="courtadmin-terminal-revoke",
    ),
    path(
        "terminals/<int:terminal_id>/enrol/",
        terminals.terminal_enrol,
        name="courtadmin-terminal-enrol",
    ),
    path("maintenance/", maintenance.maintenance_page, name="courtadmin-maintenance"),
    path(
        "maintenance/<int:window_id>/cancel/",
        maintenance.maintenance_cancel,
        name="courtadmin-maintenance-cancel",
    ),
    path("incidents/", incidents.incidents_page, name="courtadmin-incidents"),
    path("incidents/<int:incident_id>/", incidents.incident_page, name="courtadmin-incident"),
    path(
        "incidents/<int:incident_id>/update/",
        incidents.incident_update,
        name="courtadmin-incident-update",
    ),
    path(
        "incidents/<int:incident_id>/close/",
        incidents.incident_close,
        name="courtadmin-incident-close",
    ),
    path("audit/", views.audit_trail, name="courtadmin-audit"),
    path("sent-mail/", sent_mail.sent_mail, name="courtadmin-sent-mail"),
    path("sent-mail/<str:name>/", sent_mail.sent_message, name="courtadmin-sent-message"),
    path("audit/verify/", views.audit_verify, name="courtadmin-audit-verify"),
    path("<str:code>/", views.court, name="courtadmin-court"),
    path("<str:code>/closures/", views.closures, name="courtadmin-closures"),
    path(
        "<str:code>/rejection-reasons/",
        views.rejection_reasons,
        name="courtadmin-rejection-reasons",
    ),
    path("<str:code>/courtrooms/", views.courtrooms, name="courtadmin-courtrooms"),
    path("<str:code>/filing-codes/", views.filing_codes, name="courtadmin-filing-codes"),
    path("<str:code>/terminals/", terminals.terminals_page, name="courtadmin-terminals"),
    path("<str:code>/users/", views.users, name="courtadmin-users"),
]
