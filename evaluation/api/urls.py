from django.urls import include, path

from core.api.routers import PortalSimpleRouter

from . import views

router = PortalSimpleRouter()
router.register("income-records", views.IncomeRecordViewSet, basename="incomerecord")
router.register("product-sales", views.ProductSaleViewSet, basename="productsale")
router.register("evaluation/enrollments", views.EnrollmentViewSet, basename="enrollment")
router.register("evaluation/targets", views.TargetViewSet, basename="target")
router.register("evaluation/district-targets", views.DistrictTargetViewSet, basename="districttarget")
router.register("evaluation/unit-targets", views.UnitTargetViewSet, basename="unittarget")
router.register("evaluation/reports", views.ReportViewSet, basename="report")
router.register("evaluation/findings", views.FindingViewSet, basename="finding")
router.register("evaluation/actions", views.ImprovementActionViewSet, basename="action")

urlpatterns = [
    path("evaluation/results/", views.ResultsView.as_view(), name="evaluation-results"),
    path("", include((router.urls, "evaluation-api"))),
]
