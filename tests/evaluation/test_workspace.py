"""The evaluation's workspace queues: missing income months (producers, one tap to record one) and the
staff's groups behind by district and finished reports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workspace import queues_for
from evaluation import selectors
from evaluation.models import IncomeRecord, Report
from tests.factories import core as f
from tests.factories.evaluation import enroll, income

pytestmark = pytest.mark.django_db

DEC_2026 = dt.date(2026, 12, 6)  # FY 2570: October and November are due


def test_it_lists_the_due_months_of_this_fiscal_year_only():
    assert selectors.months_due(today=DEC_2026) == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert selectors.months_due(today=dt.date(2026, 10, 31)) == []  # October: nothing is over yet
    assert selectors.months_due(today=dt.date(2027, 9, 1))[-1] == dt.date(2027, 8, 1)
    assert len(selectors.months_due(today=dt.date(2027, 9, 1))) == 11


def test_it_finds_each_groups_missing_months_by_hand(group, other_group, owner):
    second = f.ProducerGroupFactory(name_th="กลุ่มกระเป๋าสานทดสอบ")
    owner.memberships.create(group=second)
    owner._producer_group_ids = None
    income(group, "2026-10", 1000)
    income(group, "2026-11", 0, source="tourism")  # any source counts, zero included
    income(second, "2026-11", 500)
    income(second, "2026-09", 500)  # FY 2569: not this year's
    income(other_group, "2026-10", 700)  # not the owner's group
    missing = selectors.missing_income_months(user=owner, today=DEC_2026)
    assert [(m.group.name_th, m.month) for m in missing] == [("กลุ่มกระเป๋าสานทดสอบ", dt.date(2026, 10, 1))]


def test_a_producer_never_sees_another_groups_months(group, other_group, outsider):
    missing = selectors.missing_income_months(user=outsider, today=DEC_2026)
    assert {m.group for m in missing} == {other_group}


def test_missing_months_run_two_queries_at_any_size(owner, django_assert_num_queries):
    owner._producer_group_ids = None
    selectors.missing_income_months(user=owner, today=DEC_2026)  # caches the user's groups
    with django_assert_num_queries(2):
        small = selectors.missing_income_months(user=owner, today=dt.date(2027, 1, 6))
    for _i in range(12):
        owner.memberships.create(group=f.ProducerGroupFactory())
    owner._producer_group_ids = None
    selectors.missing_income_months(user=owner, today=DEC_2026)
    with django_assert_num_queries(2):
        large = selectors.missing_income_months(user=owner, today=dt.date(2027, 6, 6))
    assert (len(small), len(large)) == (3, 13 * 8)


def test_staff_see_enrolled_groups_behind_by_district(group, other_group, django_assert_num_queries):
    fy = 2570
    third = f.ProducerGroupFactory(name_th="กลุ่มไม่ได้เข้าร่วมโครงการ")  # not enrolled: not listed
    enroll(group, fiscal_year=fy)
    enroll(group, project="kbo", fiscal_year=fy)  # two projects, one row
    enroll(other_group, fiscal_year=fy)
    income(other_group, "2026-10", 100)
    income(other_group, "2026-11", 100)
    income(group, "2026-11", 100)
    income(third, "2026-11", 100)
    with django_assert_num_queries(1):
        rows = selectors.groups_missing_income(today=DEC_2026)
    assert [(g.name_th, g.missing, g.subdistrict.district_id) for g in rows] == [
        (group.name_th, 1, group.subdistrict.district_id)
    ]


def test_reports_queue_puts_failures_first_then_oldest(django_assert_num_queries):
    now = timezone.now()
    old = Report.objects.create(
        fiscal_year=2570, as_of=dt.date(2026, 10, 1), status="done", finished_at=now - dt.timedelta(days=10)
    )
    new = Report.objects.create(
        fiscal_year=2570, as_of=dt.date(2026, 11, 1), status="done", finished_at=now - dt.timedelta(days=1)
    )
    failed = Report.objects.create(
        fiscal_year=2570,
        as_of=dt.date(2026, 11, 1),
        version=2,
        status="failed",
        finished_at=now - dt.timedelta(days=2),
    )
    Report.objects.create(
        fiscal_year=2570, as_of=dt.date(2026, 9, 1), status="done", finished_at=now - dt.timedelta(days=40)
    )  # too old
    Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 9, 1), version=3, status="queued")
    with django_assert_num_queries(1):
        assert list(selectors.reports_to_check(now=now)) == [failed, old, new]


# --- /me/ --------------------------------------------------------------------------------------


def _queue(user, key):
    return next(q for q in queues_for(user) if q.key == key)


def test_the_count_is_the_list_and_each_row_opens_its_month(client_for, owner, group):
    due = selectors.months_due()
    queue = _queue(owner, "producer.missing_income")
    assert queue.count == len(queue.rows) == len(due)
    if not due:
        pytest.skip("October: no month of this fiscal year is over yet")
    page = client_for(owner).get(reverse("core:dashboard"))
    html = page.content.decode()
    assert f'data-count="{len(due)}"' in html
    assert f'name="unit" value="pg:{group.pk}"' in html and f'value="{due[0]:%Y-%m}"' in html


def test_one_tap_records_the_month_and_returns_to_the_workspace(client_for, owner, group):
    due = selectors.months_due()
    if not due:
        pytest.skip("October: no month of this fiscal year is over yet")
    month = f"{due[0]:%Y-%m}"
    response = client_for(owner).post(
        reverse("evaluation:income"),
        {
            "unit": f"pg:{group.pk}",
            "month": month,
            "source": "product_sales",
            "amount": "12500.50",
            "if_current": "",
            "next": "/me/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
    record = IncomeRecord.objects.get(producer_group=group, month=due[0])
    assert record.amount == Decimal("12500.50")
    assert all(m.month != due[0] for m in selectors.missing_income_months(user=owner))


def test_a_value_recorded_meanwhile_is_shown_not_overwritten(client_for, owner, colleague, group):
    due = selectors.months_due()
    if not due:
        pytest.skip("October: no month of this fiscal year is over yet")
    month = f"{due[0]:%Y-%m}"
    income(group, month, 800)  # the colleague recorded it after the owner opened /me/
    data = {
        "unit": f"pg:{group.pk}",
        "month": month,
        "source": "product_sales",
        "amount": "900",
        "if_current": "",
        "next": "/me/",
    }
    client = client_for(owner)
    first = client.post(reverse("evaluation:income"), data)
    assert first.status_code == 400
    html = first.content.decode()
    assert "800.00" in html and "เดือนนี้มีรายได้บันทึกไว้แล้ว" in html
    assert 'name="if_current" value="800.00"' in html
    assert IncomeRecord.objects.get(producer_group=group, month=due[0]).amount == Decimal("800.00")
    second = client.post(reverse("evaluation:income"), {**data, "if_current": "800.00"})
    assert second.status_code == 302
    assert IncomeRecord.objects.get(producer_group=group, month=due[0]).amount == Decimal("900.00")


def test_the_income_page_opened_from_a_row_shows_the_current_value(client_for, owner, group):
    income(group, "2026-10", 1234.5)
    page = client_for(owner).get(
        reverse("evaluation:income") + f"?unit=pg:{group.pk}&month=2026-10&source=product_sales&next=/me/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-current="1234.50"' in html and 'name="if_current" value="1234.50"' in html
    assert 'name="next" value="/me/"' in html


def test_next_never_leaves_the_portal(client_for, owner, group):
    response = client_for(owner).post(
        reverse("evaluation:income"),
        {
            "unit": f"pg:{group.pk}",
            "month": f"{timezone.localdate():%Y-%m}",
            "source": "product_sales",
            "amount": "1",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:income")


def test_staff_queues_are_staff_only(staff, owner, partner_user, expert_user):
    assert {q.key for q in queues_for(staff)} >= {"staff.groups_missing_income", "staff.reports"}
    for user in (owner, partner_user, expert_user):
        assert not any(q.key.startswith("staff.") for q in queues_for(user))
