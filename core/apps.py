from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: accounts and roles, areas, producer groups, partner
    organisations, Thai dates, permissions, uploads and protected files."""

    name = "core"
    verbose_name = _("ข้อมูลหลัก")
    # Menu entries this app adds to the site navigation (see core.navigation).
    nav_items = [{"url_name": "core:group_list", "label": _("กลุ่มผู้ผลิต"), "order": 90}]

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)

        # The anonymous page cache's generation triggers (core.pagecache), on every table that exists once
        # every app has migrated — also where the tables were made from the models (no migrations).
        post_migrate.connect(_install_page_cache_triggers, dispatch_uid="core-page-cache-generation")


def _install_page_cache_triggers(sender, using="default", **kwargs):
    from django.apps import apps

    if sender is list(apps.get_app_configs())[-1]:  # post_migrate is sent per app, in order: once, at the end
        from .pagecache import install

        install(using)
