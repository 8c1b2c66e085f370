"""An URLconf with no routes (tests/core/test_urlcache.py)."""

urlpatterns: list = []
