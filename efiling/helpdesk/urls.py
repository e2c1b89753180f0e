from django.urls import path

from efiling.helpdesk import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/contact/", views.contact, name="help-contact"),
    path("help/requests/", views.my_tickets, name="help-tickets"),
    path("help/requests/<uuid:public_id>/", views.ticket, name="help-ticket"),
    path("help/link/<str:token>/", views.ticket_by_link, name="help-ticket-by-link"),
    path("help-desk/requests/<uuid:public_id>/", views.answer, name="help-desk-answer"),
    path("help-desk/users/", views.users, name="help-desk-users"),
    path("help-desk/users/<int:user_id>/", views.account, name="help-desk-account"),
    path(
        "help-desk/users/<int:user_id>/resend-confirmation/",
        views.resend_confirmation,
        name="help-desk-resend-confirmation",
    ),
    path("help-desk/users/<int:user_id>/unlock/", views.unlock, name="help-desk-unlock"),
    path(
        "help-desk/users/<int:user_id>/second-factor/",
        views.second_factor_reset,
        name="help-desk-second-factor-reset",
    ),
    path(
        "help-desk/second-factor-resets/<int:reset_id>/",
        views.second_factor_decide,
        name="help-desk-second-factor-decide",
    ),
    path("help-desk/filings/", views.filing, name="help-desk-filing"),
]
