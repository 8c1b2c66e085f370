from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("income/", views.IncomeView.as_view(), name="income"),
    path("income/<int:pk>/products/", views.IncomeProductSalesView.as_view(), name="income_products"),
    path("income/products/import/", views.ProductSalesImportView.as_view(), name="income_products_import"),
    path("districts/<str:code>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("units/<str:unit_type>/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("targets/district/", views.DistrictTargetSetView.as_view(), name="district_target_set"),
    path("targets/unit/", views.UnitTargetSetView.as_view(), name="unit_target_set"),
    path("targets/<str:level>/<int:pk>/history/", views.TargetHistoryView.as_view(), name="target_history"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/request/", views.ReportRequestView.as_view(), name="report_request"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/status/", views.ReportStatusView.as_view(), name="report_status"),
    path("reports/<int:pk>/findings/", views.FindingCreateView.as_view(), name="finding_create"),
    path("reports/<int:pk>/actions/", views.ActionCreateView.as_view(), name="action_create"),
    path("actions/<int:pk>/status/", views.ActionStatusView.as_view(), name="action_status"),
]
