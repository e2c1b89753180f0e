from django.urls import path

from efiling.docket import views_orders

urlpatterns = [
    path("cases/<int:case_id>/orders/new/", views_orders.order_prepare, name="order-prepare"),
    path(
        "cases/<int:case_id>/orders/<int:order_id>/",
        views_orders.order_detail,
        name="order-detail",
    ),
    # The judge's queue: a stable name other pages (a judge's home) link to.
    path("orders/waiting/", views_orders.judge_orders_queue, name="judge-orders-queue"),
    path(
        "orders/proposed/<int:proposed_order_id>/",
        views_orders.proposed_order_detail,
        name="proposed-order",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/edit/",
        views_orders.proposed_order_edit,
        name="proposed-order-edit",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/submit/",
        views_orders.proposed_order_submit,
        name="proposed-order-submit",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/sign/",
        views_orders.proposed_order_sign,
        name="proposed-order-sign",
    ),
    path(
        "orders/proposed/<int:proposed_order_id>/return/",
        views_orders.proposed_order_return,
        name="proposed-order-return",
    ),
]
