from django.urls import include, path

from core.api.routers import PortalSimpleRouter

from . import views

router = PortalSimpleRouter()
router.register("benefit-agreements", views.AgreementViewSet, basename="benefitagreement")
router.register("benefit-beneficiaries", views.BeneficiaryViewSet, basename="benefitbeneficiary")
router.register("benefit-ledger", views.LedgerEntryViewSet, basename="ledgerentry")
router.register("benefit-payments", views.PaymentViewSet, basename="benefitpayment")

urlpatterns = [
    path("", include((router.urls, "benefits-api"))),
]
