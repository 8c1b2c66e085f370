"""What the network app contributes to lower apps through core.registry (registered in apps.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from core import registry
from core.permissions import ANONYMOUS
from products import selectors as product_selectors
from tests.factories.network import EventFactory

pytestmark = pytest.mark.django_db


def test_it_offers_products_only_the_trainings_the_user_may_see_newest_first(staff, owner):
    now = timezone.now()
    older = EventFactory(kind="training", starts_at=now - dt.timedelta(days=30))
    newer = EventFactory(kind="training", starts_at=now + dt.timedelta(days=5))
    cancelled = EventFactory(kind="workshop", status="cancelled", starts_at=now - dt.timedelta(days=1))
    draft = EventFactory(kind="training", status="draft", starts_at=now + dt.timedelta(days=9))

    (choices,) = registry.collect("products.training_choices", user=owner)
    assert list(choices) == [newer, cancelled, older]  # visible_to: no drafts for a producer
    assert list(registry.first("products.training_choices", user=ANONYMOUS)) == [newer, cancelled, older]
    assert list(registry.first("products.training_choices", user=staff)) == [draft, newer, cancelled, older]
    # ... and the products app reads it through its own selectors
    assert list(product_selectors.training_choices(user=owner)) == [newer, cancelled, older]
    assert product_selectors.training_for(user=owner, pk=draft.pk) is None
    assert product_selectors.training_for(user=staff, pk=draft.pk) == draft
