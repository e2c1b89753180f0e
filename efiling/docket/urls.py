from django.urls import path

from efiling.docket import views

urlpatterns = [
    path("<str:code>/review/", views.review_queue, name="review-queue"),
    path("review/<int:filing_id>/", views.review, name="review"),
    path("documents/<int:document_id>/", views.court_document, name="court-document"),
    path("cases/<int:case_id>/", views.court_case, name="court-case"),
]
