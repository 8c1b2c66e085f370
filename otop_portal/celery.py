"""The Celery application. Settings are the CELERY_-prefixed Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")

app = Celery("otop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _gather_beat_schedules(sender, **kwargs):
    """Each app's tasks.py declares BEAT_SCHEDULE (the apps never import this module: it sits above
    them); django-celery-beat's database scheduler copies the entries into its tables at start."""
    gather_beat_schedules(sender.conf)


def gather_beat_schedules(conf) -> dict:
    import importlib
    import importlib.util

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.tasks"
        if importlib.util.find_spec(name) is None:
            continue
        conf.beat_schedule.update(getattr(importlib.import_module(name), "BEAT_SCHEDULE", {}))
    return conf.beat_schedule


@app.on_after_configure.connect
def _ensure_filesystem_broker_folders(sender, **kwargs):
    """The embedded broker (no REDIS_URL) keeps its queue in folders that must exist."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
