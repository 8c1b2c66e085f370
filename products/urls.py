from django.urls import path

from . import views

app_name = "products"

urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("mine/", views.MyProductsView.as_view(), name="mine"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("quadrants/", views.QuadrantChartView.as_view(), name="quadrants"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("projects/<int:pk>/move-stage/", views.ProjectMoveStageView.as_view(), name="project_move"),
    path("stages/<int:pk>/", views.StageRecordUpdateView.as_view(), name="stage_update"),
    path("skills/", views.MySkillsView.as_view(), name="my_skills"),
    path("skills/<str:slug>/", views.MarketingSkillsView.as_view(), name="skills"),
    path("<str:slug>/", views.ProductDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.ProductUpdateView.as_view(), name="edit"),
    path("<str:slug>/publish/", views.ProductPublishView.as_view(), name="publish"),
    path("<str:slug>/photos/", views.ProductPhotosView.as_view(), name="photos"),
    path("<str:slug>/standards/", views.ProductStandardsView.as_view(), name="standards"),
    path("<str:slug>/assess/", views.AssessmentView.as_view(), name="assess"),
]
