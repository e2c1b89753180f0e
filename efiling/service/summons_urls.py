"""The pages of service of process (issue 14), under /summonses/."""

from django.urls import path

from efiling.service import views

urlpatterns = [
    path("<int:summons_id>/", views.summons_detail, name="summons-detail"),
    path("<int:summons_id>/summons.pdf", views.summons_pdf, name="summons-pdf"),
    path("<int:summons_id>/return/", views.service_return_new, name="service-return"),
    path("<int:summons_id>/reissue/", views.summons_reissue, name="summons-reissue"),
]
