from django.urls import include, path

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("development-projects", views.DevelopmentProjectViewSet, basename="developmentproject")
router.register("quadrant-checklist", views.QuadrantChecklistViewSet, basename="quadrantchecklist")
router.register("marketing-skills", views.MarketingSkillViewSet, basename="marketingskill")

urlpatterns = [
    path("", include(router.urls)),
]
