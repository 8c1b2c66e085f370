"""Evaluation: fiscal-year and month pickers in Thai (no "YYYY-MM (ค.ศ.)"), the action's due date
with the date widget, and a fall in income reads "ลดลง"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from core.thai_dates import fiscal_year_of
from evaluation import services
from evaluation.models import Finding, ImprovementAction
from tests.factories.evaluation import TargetFactory, enroll, income

pytestmark = pytest.mark.django_db


def test_the_dashboard_picks_a_fiscal_year_and_a_thai_month(client_for, staff):
    html = client_for(staff).get("/evaluation/", {"fiscal_year": 2570, "as_of": "2026-10"}).content.decode()
    assert "ค.ศ." not in html and "YYYY-MM" not in html
    assert '<option value="2570" selected>ปีงบประมาณ 2570</option>' in html
    assert '<option value="2026-10" selected>ตุลาคม 2569</option>' in html


def test_an_action_due_date_comes_from_the_date_widget(client_for, staff, group):
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    c = client_for(staff)
    c.post(reverse("evaluation:finding_create", args=[report.pk]), {"title": "ยอดขายลดลง"})
    finding = Finding.objects.get()
    url = reverse("evaluation:action_create", args=[report.pk])
    data = {
        "finding": finding.pk,
        "what": "อบรมการขายออนไลน์",
        "owner": "พัฒนาการอำเภอ",
        "due_date_0": "31",
        "due_date_1": "4",
        "due_date_2": "2027",
    }
    bad = c.post(url, data)
    assert bad.status_code == 400 and not ImprovementAction.objects.exists()
    assert c.post(url, {**data, "due_date_0": "30"}).status_code == 302
    assert ImprovementAction.objects.get().due_date == dt.date(2027, 4, 30)


def test_the_income_page_says_a_fall_is_a_fall(client_for, owner, group):
    as_of = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    fy = fiscal_year_of(as_of)
    TargetFactory(fiscal_year=fy, project="all", target_percent=Decimal("3.00"))
    enroll(group, "quadrant_d", fiscal_year=fy)
    income(group, f"{as_of.year - 1}-{as_of.month:02d}", 1000)
    income(group, f"{as_of:%Y-%m}", 951)
    html = client_for(owner).get("/evaluation/income/").content.decode()
    assert "ลดลง 4.90%" in html
    assert "เพิ่มขึ้น -" not in html
