from django.urls import path

from . import views

app_name = "benefits"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("compute/", views.ComputeView.as_view(), name="compute_all"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_edit"),
    path("<int:pk>/ledger/", views.AgreementLedgerView.as_view(), name="agreement_ledger"),
    path("<int:pk>/ledger.pdf", views.AgreementLedgerPdfView.as_view(), name="agreement_ledger_pdf"),
    path("<int:pk>/compute/", views.ComputeView.as_view(), name="compute"),
    path("<int:pk>/beneficiaries/", views.BeneficiaryAddView.as_view(), name="beneficiary_add"),
    path("beneficiaries/<int:pk>/", views.StatementView.as_view(), name="statement"),
    path("beneficiaries/<int:pk>/statement.pdf", views.StatementPdfView.as_view(), name="statement_pdf"),
    path("beneficiaries/<int:pk>/remove/", views.BeneficiaryRemoveView.as_view(), name="beneficiary_remove"),
    path("beneficiaries/<int:pk>/pay/", views.PaymentCreateView.as_view(), name="payment_create"),
]
