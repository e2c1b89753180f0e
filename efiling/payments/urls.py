from django.urls import path

from efiling.payments import views

urlpatterns = [
    path("", views.payment_accounts, name="payment-accounts"),
    path("accounts/<int:owner_id>/", views.payment_account, name="payment-account"),
    path("add/", views.add_funds, name="payment-add-funds"),
    path("deposits/<str:reference>/", views.deposit_page, name="payment-deposit"),
    path(
        "deposits/<str:reference>/receipt.pdf",
        views.deposit_receipt,
        name="payment-deposit-receipt",
    ),
    path("callback/<str:provider>/", views.provider_callback, name="payment-callback"),
    path("demo-checkout/<str:session_id>/", views.demo_checkout, name="payment-demo-checkout"),
]
