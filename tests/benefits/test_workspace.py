"""The benefit queues on /me/: overdue balances for staff, the group's agreements for its producers."""

import pytest

from benefits import services, workspace
from core.actors import SYSTEM
from tests.factories.benefits import agreement, sale
from tests.factories.products import ProductFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


def _agreements(group, n):
    for i in range(n):
        record = WisdomRecordFactory()
        product = ProductFactory(group=group)
        a = agreement(group=group, record=record, products=[product], title=f"ข้อตกลง {i}",
                      shares=[(KnowledgeHolderFactory(record=record), "100")])
        sale(product, "2026-03", "1000.00")
        services.compute_ledger(actor=SYSTEM, month="2026-03", agreements=[a])


def test_staff_see_overdue_balances_and_producers_their_groups_agreements(group, staff, owner, outsider,
                                                                           client_for, assert_constant_queries):
    _agreements(group, 2)
    queue = workspace.staff_queues(user=staff)
    assert queue.count == 2 and "฿50.00" in queue.rows[0].detail
    assert workspace.member_queues(user=owner).count == 2
    assert workspace.member_queues(user=outsider) is None
    assert workspace.staff_queues(user=owner) is None
    page = client_for(staff).get("/me/")
    assert page.status_code == 200 and "ผลประโยชน์ที่เกินกำหนดจ่าย" in page.content.decode()
    assert_constant_queries(lambda: workspace.staff_queues(user=staff), lambda: _agreements(group, 5))
    assert_constant_queries(lambda: workspace.member_queues(user=owner), lambda: _agreements(group, 5))
