from django.urls import path

from efiling.docket import views_orders

urlpatterns = [
    path("cases/<int:case_id>/orders/new/", views_orders.order_issue, name="order-issue"),
    path(
        "cases/<int:case_id>/orders/<int:order_id>/",
        views_orders.order_detail,
        name="order-detail",
    ),
]
