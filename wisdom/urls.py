from django.urls import path

from . import views

app_name = "wisdom"

urlpatterns = [
    path("", views.WisdomListView.as_view(), name="list"),
    path("mine/", views.MyRecordsView.as_view(), name="mine"),
    path("new/", views.WisdomCreateView.as_view(), name="create"),
    path("lineage/", views.WisdomLineageTableView.as_view(), name="lineage_table"),
    path("lineage/xlsx/", views.WisdomLineageXlsxView.as_view(), name="lineage_xlsx"),
    path("holders/<int:pk>/consent/", views.HolderConsentView.as_view(), name="holder_consent"),
    path("<str:slug>/", views.WisdomDetailView.as_view(), name="detail"),
    path("<str:slug>/lineage/", views.WisdomLineageView.as_view(), name="lineage"),
    path("<str:slug>/edit/", views.WisdomUpdateView.as_view(), name="edit"),
    path("<str:slug>/submit/", views.WisdomSubmitView.as_view(), name="submit"),
    path("<str:slug>/review/", views.WisdomReviewView.as_view(), name="review"),
]
