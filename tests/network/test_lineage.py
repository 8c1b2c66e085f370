"""The network app's part of a wisdom record's lineage, and the events/trainings that teach a record."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from network import services
from network.selectors import wisdom_lineage
from tests.factories.network import EventFactory, KnowledgeItemFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


def _event(staff, record, status="published"):
    start = timezone.now() + timezone.timedelta(days=3)
    return services.event_create(actor=staff, title="อบรมปั้นตุ๊กตา", kind="training", starts_at=start,
                                 ends_at=start + timezone.timedelta(hours=3), status=status, wisdom_records=[record])


def test_it_links_a_training_to_the_wisdom_it_teaches(staff):
    record = KnowledgeHolderFactory().record  # its holder consents to every scope
    event = _event(staff, record)
    assert list(event.wisdom_records.all()) == [record]
    event = services.event_update(actor=staff, event=event, wisdom_records=[])
    assert event.wisdom_records.count() == 0


def test_a_published_training_needs_the_holders_consent_to_education(staff):
    record = KnowledgeHolderFactory(scopes=["product"]).record
    with pytest.raises(ValidationError) as exc:
        _event(staff, record)
    assert "wisdom_records" in exc.value.message_dict
    assert _event(staff, record, status="draft").wisdom_records.count() == 1  # a draft may name it


def test_the_lineage_lists_items_and_events_the_viewer_may_see(staff, owner):
    record = WisdomRecordFactory()
    KnowledgeItemFactory(title="องค์ความรู้เผยแพร่").wisdom_records.add(record)
    KnowledgeItemFactory(title="องค์ความรู้ร่าง", status="draft").wisdom_records.add(record)
    EventFactory(title="อบรมเผยแพร่").wisdom_records.add(record)
    EventFactory(title="อบรมร่าง", status="draft").wisdom_records.add(record)
    public = wisdom_lineage(records=[record], user=None, private=False)[record.pk]
    assert sorted(e.title for e in public.entries) == ["องค์ความรู้เผยแพร่", "อบรมเผยแพร่"]
    for_staff = wisdom_lineage(records=[record], user=staff, private=True)[record.pk]
    assert len(for_staff.entries) == 4
    assert {f.label: f.value for f in for_staff.figures}["ผู้เข้าร่วมการอบรม (ยืนยันแล้ว)"] == 0
    assert wisdom_lineage(records=[WisdomRecordFactory()], user=staff, private=True) == {}


def test_withdrawing_education_unpublishes_the_upcoming_trainings_of_the_wisdom(staff, committed):
    from tests.factories.wisdom import pdf_upload
    from wisdom import services as wisdom_services
    from wisdom.choices import ConsentScope

    holder = KnowledgeHolderFactory()
    record = holder.record
    upcoming = _event(staff, record)
    past = EventFactory(title="อบรมที่ผ่านมา", starts_at=timezone.now() - timezone.timedelta(days=9))
    past.wisdom_records.add(record)
    other = EventFactory(title="อบรมเรื่องอื่น")
    with committed():
        _closed, unpublished = wisdom_services.consent_withdraw(actor=staff, holder=holder,
                                                                scope=ConsentScope.EDUCATION, on=timezone.localdate())
    assert "กิจกรรม/การอบรม: อบรมปั้นตุ๊กตา" in unpublished
    for event, status in ((upcoming, "draft"), (past, "published"), (other, "published")):
        event.refresh_from_db()
        assert event.status == status
    wisdom_services.consent_restore(actor=staff, holder=holder, scope=ConsentScope.EDUCATION,
                                    given_on=timezone.localdate(), form=pdf_upload())
    upcoming.refresh_from_db()
    assert upcoming.status == "draft"  # restoring never republishes
