import pytest
from django.db.models import Prefetch

from core import registry
from wisdom.selectors import RECORD_DETAIL_PREFETCHES


def _published_products(*, user):
    """What the products app contributes to the wisdom detail (products/apps.py registers its own)."""
    from products.models import Product

    return Prefetch("products", queryset=Product.objects.published().select_related("group").order_by("name_th"),
                    to_attr="published_products")


@pytest.fixture
def products_on_wisdom_pages():
    """The products app's contribution to ``wisdom.record_detail_prefetches``: the one it registers,
    or, until it registers one, the same Prefetch."""
    if registry.contributions(RECORD_DETAIL_PREFETCHES):
        yield
        return
    registry.contribute(RECORD_DETAIL_PREFETCHES, _published_products)
    yield
    registry._hooks[RECORD_DETAIL_PREFETCHES].pop(f"{__name__}._published_products", None)


@pytest.fixture
def no_contributions_to_wisdom_pages():
    """As if no higher app contributed to the wisdom detail."""
    saved = dict(registry._hooks.get(RECORD_DETAIL_PREFETCHES, {}))
    registry._hooks[RECORD_DETAIL_PREFETCHES].clear()
    yield
    registry._hooks[RECORD_DETAIL_PREFETCHES].update(saved)
