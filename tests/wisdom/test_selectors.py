"""The reads other apps use instead of wisdom.models, and the hook higher apps contribute to."""

import pytest
from django.db.models import Prefetch

from core import permissions, registry
from core.actors import SYSTEM
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory
from wisdom import selectors
from wisdom.choices import AccessLevel, Status

pytestmark = pytest.mark.django_db


def test_it_gives_other_apps_the_records_a_user_may_see(owner, outsider, group):
    public = WisdomRecordFactory(title_th="ก สาธารณะ")
    members = WisdomRecordFactory(title_th="ข สมาชิก", access_level=AccessLevel.MEMBERS)
    draft = WisdomRecordFactory(title_th="ค ร่าง", status=Status.DRAFT, owner_group=group)
    assert list(selectors.records_visible_to(user=permissions.ANONYMOUS)) == [public]
    assert list(selectors.records_visible_to(user=outsider)) == [public, members]
    assert list(selectors.records_visible_to(user=owner)) == [public, members, draft]
    assert list(selectors.records_visible_to(user=SYSTEM)) == [public, members, draft]


def test_it_gives_a_groups_records_and_records_by_id(group, other_group):
    mine = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    theirs = WisdomRecordFactory(owner_group=other_group)
    assert list(selectors.records_of_group(group=group)) == [mine]
    assert list(selectors.records_of_groups(slugs=[group.slug, other_group.slug])).count(theirs) == 1
    assert set(selectors.records_by_pks(pks=[mine.pk, theirs.pk])) == {mine, theirs}


def test_it_names_the_records_whose_holders_have_not_consented():
    ok, pending, withdrawn, nobody = (WisdomRecordFactory() for _ in range(4))
    KnowledgeHolderFactory(record=ok)
    KnowledgeHolderFactory(record=pending, consent_status="pending", consent_date=None)
    KnowledgeHolderFactory(record=withdrawn, consent_status="withdrawn", consent_date=None)
    blockers = selectors.consent_blockers(selectors.records_by_pks(pks=[r.pk for r in (ok, pending, withdrawn,
                                                                                      nobody)]))
    assert set(blockers) == {pending.pk, withdrawn.pk, nobody.pk}
    assert "ถอนความยินยอม" in blockers[withdrawn.pk]
    assert selectors.consent_blockers([]) == {}


def test_it_adds_what_higher_apps_contribute_to_the_detail(no_contributions_to_wisdom_pages, staff):
    from wisdom.models import WisdomRecord

    record = WisdomRecordFactory()
    seen = []

    def same_record(*, user):
        seen.append(user)
        return Prefetch("holders", queryset=record.holders.none(), to_attr="contributed")

    registry.contribute(selectors.RECORD_DETAIL_PREFETCHES, same_record)
    loaded = selectors.record_detail_queryset(user=staff).get(pk=record.pk)
    assert seen == [staff] and loaded.contributed == []
    assert isinstance(loaded, WisdomRecord)
