"""Where products meets higher apps only through core.registry hooks (no upward imports):
the tourism programs on a product page, the network trainings of the marketing checklist, and
products' contribution to the wisdom record page."""

import datetime as dt

import pytest
from django.utils import timezone

from core import registry
from products import selectors
from products.forms import MarketingSkillForm
from products.models import GroupMarketingSkill
from tests.factories.network import EventFactory
from tests.factories.products import ProductFactory
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_hooks(monkeypatch):
    """As if no higher app had registered anything."""
    for name in (selectors.RELATED_PROGRAMS, selectors.TRAINING_CHOICES):
        monkeypatch.setitem(registry._hooks, name, {})


def test_it_shows_no_programs_and_no_trainings_without_contributions(no_hooks, owner, product):
    assert selectors.related_programs(user=None, product=product) == []
    assert selectors.training_choices(user=owner) is None
    assert selectors.training_for(user=owner, pk=1) is None
    assert list(MarketingSkillForm(user=owner).fields["training"].queryset) == []


def test_the_product_page_works_without_the_tourism_hook(no_hooks, client, product):
    r = client.get(f"/products/{product.slug}/")
    assert r.status_code == 200 and r.context["programs"] == []


def test_it_offers_the_trainings_network_contributes(owner, group):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    form = MarketingSkillForm(user=owner)
    assert event in list(form.fields["training"].queryset)
    assert selectors.training_for(user=owner, pk=event.pk) == event


def test_the_api_names_a_training_through_the_hook(api_for, owner, group):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    api = api_for(owner)
    r = api.post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "line_oa", "achieved_on": "2026-11-20",
                                               "training_id": event.pk}, format="json")
    assert r.status_code == 201, r.json()
    assert GroupMarketingSkill.objects.get().training == event
    r = api.post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "online_shop",
                                               "achieved_on": "2026-11-20", "training_id": 999999}, format="json")
    assert r.status_code == 400 and "training_id" in r.json()
    assert GroupMarketingSkill.objects.count() == 1


def test_it_refuses_a_training_id_when_no_app_offers_trainings(no_hooks, api_for, owner, group):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    r = api_for(owner).post("/api/v1/marketing-skills/", {"group": group.pk, "skill": "line_oa",
                                                          "achieved_on": "2026-11-20", "training_id": event.pk},
                            format="json")
    assert r.status_code == 400 and not GroupMarketingSkill.objects.exists()


def test_it_contributes_the_published_products_to_the_wisdom_record(group):
    record = WisdomRecord.objects.create(title_th="การปั้นตุ๊กตา", slug="w-hook", category="handicraft",
                                         subdistrict_id="150305", owner_group=group, status="published")
    shown = ProductFactory(group=group, name_th="ข")
    draft = ProductFactory(group=group, name_th="ก", status="draft")
    for p in (shown, draft):
        p.wisdom_records.add(record)
    prefetches = registry.collect("wisdom.record_detail_prefetches", user=None)
    assert any(getattr(p, "to_attr", None) == "published_products" for p in prefetches)
    got = WisdomRecord.objects.prefetch_related(selectors.record_products_prefetch(user=None)).get(pk=record.pk)
    assert got.published_products == [shown]
