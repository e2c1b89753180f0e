from django.urls import path

from efiling.docket import views_dashboard

urlpatterns = [
    path("<str:code>/dashboard/", views_dashboard.dashboard, name="clerk-dashboard"),
]
