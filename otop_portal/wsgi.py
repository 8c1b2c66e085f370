import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")
application = get_wsgi_application()


def _freeze_the_loaded_portal() -> None:
    """Move everything loaded so far (Django, the apps, their models, the URLconf) out of the garbage collector's
    sight (`gc.freeze()`): those ~300,000 objects live as long as the process, yet every full collection walked
    them all — ~250 ms once every 20 or so requests of the heavier pages, ~13 ms a request on average on `/products/`
    (bench/README.md, "Latest: a quiet machine, after the third pass"). Objects made by requests are still collected as before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (import the URLconf now, so it is frozen too)
    gc.collect()
    gc.freeze()


_freeze_the_loaded_portal()
