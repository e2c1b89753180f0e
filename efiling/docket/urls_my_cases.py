from django.urls import path

from efiling.docket import views_my_cases

urlpatterns = [
    path("", views_my_cases.my_cases, name="my-cases"),
    path("<int:case_id>/", views_my_cases.my_case, name="my-case"),
    path(
        "documents/<int:document_id>/",
        views_my_cases.my_case_document,
        name="my-case-document",
    ),
]
