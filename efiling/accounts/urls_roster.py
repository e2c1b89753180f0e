from django.urls import path

from efiling.accounts.views import roster

urlpatterns = [
    path("", roster.roster_import, name="roster-import"),
    path("<int:pk>/", roster.roster_import_report, name="roster-import-report"),
]
