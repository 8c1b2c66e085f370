import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    caches["default"].clear()
    caches["throttles"].clear()
    yield
    caches["default"].clear()
    caches["throttles"].clear()
