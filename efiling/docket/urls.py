from django.urls import path

from efiling.docket import views, views_cases, views_counsel, views_mend, views_paper

urlpatterns = [
    path("", views_cases.court_home, name="court-home"),
    path("<str:code>/cases/", views_cases.court_cases, name="court-cases"),
    path("<str:code>/paper-case/", views_paper.paper_case, name="paper-case"),
    path("<str:code>/review/", views.review_queue, name="review-queue"),
    path("<str:code>/mend/", views_mend.docket_entries_to_mend, name="docket-mend"),
    path("review/<int:filing_id>/", views.review, name="review"),
    path("documents/<int:document_id>/", views.court_document, name="court-document"),
    path("cases/<int:case_id>/", views.court_case, name="court-case"),
    path("cases/<int:case_id>/docket/<int:number>/", views.docket_entry, name="docket-entry"),
    path("cases/<int:case_id>/paper/", views_paper.paper_filing, name="paper-filing"),
    path("cases/<int:case_id>/counsel/", views_counsel.case_counsel, name="case-counsel"),
]
