from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("development-projects", views.DevelopmentProjectViewSet, basename="developmentproject")
router.register("quadrant-checklist", views.QuadrantChecklistViewSet, basename="quadrantchecklist")
router.register("marketing-skills", views.MarketingSkillViewSet, basename="marketingskill")

urlpatterns = [
    path("", include(router.urls)),
]
