from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.forms import PortalAuthenticationForm
from core.views import HomeView

from . import api_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api_urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # The OCTO supplier API for travel sellers, with its own OpenAPI document (docs/octo.md).
    path("octo/schema/", SpectacularAPIView.as_view(urlconf="tourism.octo.schema_urls", custom_settings={
        "TITLE": "Creative OTOP Ang Thong — OCTO supplier API",
        "DESCRIPTION": "OCTO core (Open Connectivity for Tours, Activities and Attractions) for the OTOP "
        "Nawatwithi community-tourism programs of Ang Thong. Capabilities: octo/pricing, octo/content.",
        "PREPROCESSING_HOOKS": [], "POSTPROCESSING_HOOKS": []}), name="octo-schema"),
    path("octo/docs/", SpectacularSwaggerSplitView.as_view(url_name="octo-schema"), name="octo-docs"),
    path("octo/", include("tourism.octo.urls")),
    path("admin/", admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                               authentication_form=PortalAuthenticationForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("core.urls")),
    path("wisdom/", include("wisdom.urls")),
    path("products/", include("products.urls")),
    path("network/", include("network.urls")),
    path("tourism/", include("tourism.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("benefits/", include("benefits.urls")),
    path("", include("campaigns.urls")),
    path("", include("search.urls")),
]



# A database outage raised outside a view is a clean 503 too (core.middleware.DatabaseUnavailableMiddleware).
handler500 = "core.views.server_error"
