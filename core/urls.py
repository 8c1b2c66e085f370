from django.urls import path

from . import files, views

app_name = "core"

urlpatterns = [
    path("me/", views.DashboardView.as_view(), name="dashboard"),
    path("groups/", views.ProducerGroupListView.as_view(), name="group_list"),
    path("groups/<str:slug>/", views.ProducerGroupDetailView.as_view(), name="group_detail"),
    path("groups/<str:slug>/edit/", views.ProducerGroupUpdateView.as_view(), name="group_edit"),
    path("files/<str:model>/<int:pk>/<str:field>/", files.serve_file, name="file"),
]
