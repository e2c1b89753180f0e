from django.urls import path

from efiling.filings import receipt_views, serve_views, views

urlpatterns = [
    path("", views.my_filings, name="my-filings"),
    path("new/", views.start, name="filing-start"),
    path("serve/", serve_views.serve_start, name="filing-serve"),
    path("split/", views.split, name="filing-split"),
    path("<uuid:public_id>/parties/", views.parties, name="filing-parties"),
    path("<uuid:public_id>/documents/", views.documents, name="filing-documents"),
    path("<uuid:public_id>/filings/<int:filing_id>/upload/", views.upload, name="filing-upload"),
    path(
        "<uuid:public_id>/documents/<int:document_id>/",
        views.document_download,
        name="filing-document",
    ),
    path("<uuid:public_id>/service/", views.service_of_process, name="filing-service"),
    path("<uuid:public_id>/fees/", views.fees, name="filing-fees"),
    path("<uuid:public_id>/review/", views.review, name="filing-review"),
    path("<uuid:public_id>/receipt/", receipt_views.receipt, name="filing-receipt"),
    path("<uuid:public_id>/receipt.pdf", receipt_views.receipt_download, name="filing-receipt-pdf"),
    path(
        "<uuid:public_id>/certificate-of-service.pdf",
        receipt_views.certificate_download,
        name="filing-certificate-pdf",
    ),
    path("<uuid:public_id>/cancel/", receipt_views.cancel, name="filing-cancel"),
    path("<uuid:public_id>/pay-fees/", receipt_views.pay_fees, name="filing-pay-fees"),
    path("<uuid:public_id>/delete/", receipt_views.delete_draft, name="filing-delete"),
]
