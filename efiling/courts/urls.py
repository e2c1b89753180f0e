from django.urls import path

from efiling.courts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("courts/<str:code>/policy/", views.policy, name="court-policy"),
    path("deadline/", views.deadline, name="deadline"),
]
