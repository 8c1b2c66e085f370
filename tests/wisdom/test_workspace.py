"""Wisdom's workspace queues: drafts sent back with the staff comment (producers), submissions (staff)."""

import pytest

from core import permissions
from core.workspace import queues_for
from tests.factories import core as f
from tests.factories.wisdom import WisdomRecordFactory
from wisdom import selectors, services
from wisdom.choices import Status

pytestmark = pytest.mark.django_db


def _draft(group, **kw):
    return WisdomRecordFactory(owner_group=group, status=Status.DRAFT, **kw)


def _sent_back(group, staff, owner, comment, **kw):
    record = _draft(group, **kw)
    services.record_submit(actor=owner, record=record)
    services.record_send_back(actor=staff, record=record, comment=comment)
    return record


def test_sent_back_drafts_carry_the_latest_staff_comment(group, other_group, owner, outsider, staff):
    first = _sent_back(group, staff, owner, "เพิ่มรูปขั้นตอนการปั้น")
    second = _sent_back(group, staff, owner, "ระบุชื่อปราชญ์")
    services.record_submit(actor=owner, record=second)
    services.record_send_back(actor=staff, record=second, comment="ยังขาดความยินยอมของปราชญ์")
    resubmitted = _sent_back(group, staff, owner, "แก้ชื่อ")
    services.record_submit(actor=owner, record=resubmitted)  # back with staff: not the producer's to do
    _draft(group)  # a plain draft never submitted: not "sent back"
    _sent_back(other_group, staff, outsider, "ของกลุ่มอื่น")
    rows = list(selectors.sent_back_drafts(user=owner))
    assert [(r, r.sent_back_comment) for r in rows] == [
        (first, "เพิ่มรูปขั้นตอนการปั้น"),
        (second, "ยังขาดความยินยอมของปราชญ์"),
    ]
    queue = next(q for q in queues_for(owner) if q.key == "producer.wisdom_sent_back")
    assert queue.count == 2 and "ยังขาดความยินยอมของปราชญ์" in queue.rows[1].detail
    assert queue.rows[0].url == f"/wisdom/{first.slug}/edit/"


def test_staff_review_queue_is_oldest_submission_first(group, owner, staff, outsider, partner_user):
    a, b = _draft(group), _draft(group)
    services.record_submit(actor=owner, record=b)
    services.record_submit(actor=owner, record=a)
    WisdomRecordFactory(owner_group=group, status=Status.VERIFIED)
    assert list(selectors.submitted_for_review(user=staff)) == [b, a]
    for user in (owner, outsider, partner_user):
        assert list(selectors.submitted_for_review(user=user)) == []
    queue = next(q for q in queues_for(staff) if q.key == "staff.wisdom_submitted")
    assert [r.title for r in queue.rows] == [b.title_th, a.title_th] and queue.count == 2


@pytest.mark.parametrize("size", [3, 30])
def test_the_queues_run_one_query_at_any_size(size, group, owner, staff, django_assert_num_queries):
    for _i in range(size):
        _sent_back(group, staff, owner, "แก้ไข")
        services.record_submit(actor=owner, record=_draft(group))
    permissions.producer_group_ids(owner)  # cached on the user, as in a request
    with django_assert_num_queries(1):
        assert len(list(selectors.sent_back_drafts(user=owner))) == size
    with django_assert_num_queries(1):
        assert len(list(selectors.submitted_for_review(user=staff))) == size


def test_another_producer_sees_none_of_it(group, owner, outsider, staff):
    _sent_back(group, staff, owner, "แก้ไข")
    f.producer(group, username="newmember")
    assert list(selectors.sent_back_drafts(user=outsider)) == []
