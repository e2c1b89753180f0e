"""A filer's cases (My cases), under /cases/."""

from django.urls import path

from efiling.docket.pages import my_cases

urlpatterns = [
    path("", my_cases.my_cases, name="my-cases"),
    path("<int:case_id>/", my_cases.my_case, name="my-case"),
    path(
        "documents/<int:document_id>/",
        my_cases.my_case_document,
        name="my-case-document",
    ),
]
