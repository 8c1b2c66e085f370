"""core.querysets.built_once_for_anonymous: one built queryset per process for anonymous visitors, a fresh
clone each call (the rows are read anew), and the selector itself for anyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actors import SYSTEM
from core.querysets import built_once_for_anonymous
from products.selectors import product_list
from tests.factories.products import ProductFactory

pytestmark = pytest.mark.django_db


def test_it_builds_once_and_hands_out_clones():
    calls = []

    @built_once_for_anonymous
    def selector(*, user):
        from core.models import District

        calls.append(user)
        return District.objects.filter(province_id="15")

    first, second = selector(user=None), selector(user=AnonymousUser())
    assert first is not second and first.query is not second.query
    assert list(first) == list(second)
    assert calls == [None]
    assert selector(user=SYSTEM) is not None and calls == [None, SYSTEM]


def test_a_clone_reads_rows_anew_and_equals_a_fresh_build():
    shared = product_list(user=None)
    assert str(shared.query) == str(product_list.__wrapped__(user=None).query)
    before = shared.count()
    ProductFactory(status="published")
    assert product_list(user=AnonymousUser()).count() == before + 1


def test_a_member_gets_the_selector(django_user_model):
    user = django_user_model.objects.create_user("m", password="x")
    assert product_list(user=user).query is not product_list.built["anonymous"].query
