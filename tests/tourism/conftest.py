import pytest
from django.core.cache import cache


@pytest.fixture
def areas_in_transactional_db(transactional_db):
    """Transactional tests flush the database afterwards (areas included): make sure they are there."""
    from core.areas import load_areas
    from core.models import Subdistrict

    if not Subdistrict.objects.filter(pk="150305").exists():
        load_areas()


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()
