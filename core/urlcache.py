"""`reverse()` memoised: the URL of a named route with given arguments is fixed for a deploy (per language,
URLconf and script prefix), and a list page asks for the same few dozen — its cards' links and photos — on every
request (~20 µs each through Django's resolver, two or three per card).

Used by the models' ``get_absolute_url``, ``core.files.file_url`` and the templates' ``{% url %}`` (the portal's
builtin tag, ``core/templatetags/portal.py``); it answers exactly what
``django.urls.reverse`` answers (a failed reverse raises as before and is not remembered)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as _reverse
from django.utils.translation import get_language

SIZE = 8192  # URLs per process (a few hundred kB at most)


def reverse(viewname: Any, urlconf: Any = None, args: Any = None, kwargs: Any = None,
            current_app: Any = None) -> str:
    """``django.urls.reverse``, remembered per (name, arguments, language, URLconf, script prefix)."""
    if urlconf is not None or not isinstance(viewname, str):
        return _reverse(viewname, urlconf, args, kwargs, current_app)
    try:
        # Each value with its type: 1, 1.0 and True are equal keys but not the same URL.
        return _remembered(viewname, tuple((type(a), a) for a in args or ()),
                           tuple(sorted((k, type(v), v) for k, v in (kwargs or {}).items())), current_app,
                           get_language(), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
    except TypeError:  # an argument that cannot be a key
        return _reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)


@lru_cache(maxsize=SIZE)
def _remembered(viewname: str, args: tuple, kwargs: tuple, current_app: str | None, language: str | None,
                urlconf: Any, root: str, prefix: str) -> str:
    return _reverse(viewname, args=[a for _type, a in args] or None, kwargs={k: v for k, _type, v in kwargs} or None,
                    current_app=current_app)


def clear(**kwargs: Any) -> None:
    _remembered.cache_clear()


setting_changed.connect(clear, dispatch_uid="core.urlcache.clear")
