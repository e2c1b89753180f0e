from django.urls import path

from efiling.audit import views

urlpatterns = [
    path("checkpoints/", views.checkpoints, name="audit-checkpoints"),
]
