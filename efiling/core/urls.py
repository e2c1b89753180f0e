from django.urls import path

from efiling.core import views

urlpatterns = [path("healthz", views.healthz, name="healthz")]
