"""The court's pages, under /court/."""

from django.urls import path

from efiling.docket.pages import cases, counsel, dashboard, mend, orders, paper, review
from efiling.docket.pages.case import court_case, court_document, docket_entry

urlpatterns = [
    path("", cases.court_home, name="court-home"),
    path("<str:code>/cases/", cases.court_cases, name="court-cases"),
    path("<str:code>/paper-case/", paper.paper_case, name="paper-case"),
    path("<str:code>/review/", review.review_queue, name="review-queue"),
    path("<str:code>/mend/", mend.docket_entries_to_mend, name="docket-mend"),
    path("<str:code>/dashboard/", dashboard.dashboard, name="clerk-dashboard"),
    path("review/<int:filing_id>/", review.review, name="review"),
    path("documents/<int:document_id>/", court_document, name="court-document"),
    path("cases/<int:case_id>/", court_case, name="court-case"),
    path("cases/<int:case_id>/docket/<int:number>/", docket_entry, name="docket-entry"),
    path("cases/<int:case_id>/paper/", paper.paper_filing, name="paper-filing"),
    path("cases/<int:case_id>/counsel/", counsel.case_counsel, name="case-counsel"),
    path("cases/<int:case_id>/orders/new/", orders.order_prepare, name="order-prepare"),
    path("cases/<int:case_id>/orders/<int:order_id>/", orders.order_detail, name="order-detail"),
    # The judge's queue: a stable name other pages (a judge's home) link to.
    path("orders/waiting/", orders.judge_orders_queue, name="judge-orders-queue"),
    path(
        "orders/proposed/<int:proposed_order_id>/",
        orders.proposed_order_detail,
        name="proposed-order",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/edit/",
        orders.proposed_order_edit,
        name="proposed-order-edit",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/submit/",
        orders.proposed_order_submit,
        name="proposed-order-submit",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/sign/",
        orders.proposed_order_sign,
        name="proposed-order-sign",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/return/",
        orders.proposed_order_return,
        name="proposed-order-return",
    ),
]
