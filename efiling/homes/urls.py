from django.urls import path

from efiling.homes import views

urlpatterns = [path("", views.my_home, name="my-home")]
