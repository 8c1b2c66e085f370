"""Pages: dashboard, drill-down, the producer's income form, reports, findings and actions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from evaluation import services
from evaluation.models import Finding, ImprovementAction, IncomeRecord, Report
from tests.factories.evaluation import TargetFactory, TourismCommunityFactory, enroll, income

pytestmark = pytest.mark.django_db

DASHBOARD = "/evaluation/"
INCOME = "/evaluation/income/"
PERIOD = {"fiscal_year": 2570, "as_of": "2026-10"}


@pytest.fixture
def evaluated(group, other_group):
    TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    enroll(group, "quadrant_d")
    enroll(other_group, "kbo")
    income(group, "2025-10", 1000)
    income(group, "2026-10", 1100)
    income(other_group, "2025-10", 1000)
    income(other_group, "2026-10", 1010)
    return group


def test_it_shows_staff_the_province_headline_charts_and_units(client_for, staff, evaluated, other_group):
    response = client_for(staff).get(DASHBOARD, PERIOD)
    assert response.status_code == 200
    ctx = response.context
    assert ctx["summary"]["increase_percent"] == Decimal("5.50")
    assert ctx["summary"]["met_share"] == Decimal("50.00")
    assert [r["unit_name"] for r in ctx["rows"]] == [evaluated.name_th, other_group.name_th]  # by increase
    html = response.content.decode()
    assert "ตุลาคม 2569" in html  # the month shown in Buddhist Era
    assert html.count('<figure class="chart') == 3 and "target-line" in html and "css/charts.css" in html
    asc = client_for(staff).get(DASHBOARD, {**PERIOD, "ordering": "increase_percent"})
    assert [r["unit_name"] for r in asc.context["rows"]] == [other_group.name_th, evaluated.name_th]


def test_it_explains_a_month_outside_the_year_on_the_dashboard(client_for, staff):
    response = client_for(staff).get(DASHBOARD, {"fiscal_year": 2570, "as_of": "2027-10"})
    assert response.status_code == 200
    assert "ไม่อยู่ในปีงบประมาณ 2570" in response.content.decode()
    assert "summary" not in response.context


def test_it_defaults_to_the_month_just_ended(client_for, staff):
    response = client_for(staff).get(DASHBOARD)
    assert response.status_code == 200
    today = dt.date.today().replace(day=1)
    expected = (today - dt.timedelta(days=1)).replace(day=1)
    assert response.context["params"]["as_of"] == expected


def test_it_sends_producers_from_the_dashboard_to_their_income_page(client_for, owner):
    response = client_for(owner).get(DASHBOARD)
    assert response.status_code == 302 and response.url == reverse("evaluation:income")


def test_it_drills_down_to_a_units_months(client_for, staff, evaluated):
    income(evaluated, "2026-11", 50, source="tourism")
    url = reverse("evaluation:unit_detail", args=["producer_group", evaluated.pk])
    response = client_for(staff).get(url, {"fiscal_year": 2570, "as_of": "2026-11"})
    assert response.status_code == 200
    months = response.context["months"]
    assert [(m["month"], m["current"], m["baseline"]) for m in months] == [
        (dt.date(2026, 10, 1), Decimal("1100.00"), Decimal("1000.00")),
        (dt.date(2026, 11, 1), Decimal("50.00"), None)]
    assert response.context["results"][0]["status"] == "met"


def test_it_records_income_from_the_form_and_updates_a_repeat(client_for, owner, group):
    c = client_for(owner)
    page = c.get(INCOME)
    assert page.status_code == 200
    assert [v for v, _label in page.context["form"].fields["unit"].choices] == [f"pg:{group.pk}"]
    month = f"{dt.date.today().replace(day=1):%Y-%m}"
    data = {"unit": f"pg:{group.pk}", "month": month, "source": "product_sales", "amount": "2500.00"}
    assert c.post(INCOME, data).status_code == 302
    assert c.post(INCOME, {**data, "amount": "2600.00"}).status_code == 302
    record = IncomeRecord.objects.get()
    assert record.amount == Decimal("2600.00") and record.created_by == owner


@pytest.mark.parametrize("bad", [{"amount": "-5"}, {"amount": "abc"}, {"unit": "pg:999999"}, {"month": "2001-01"}])
def test_it_shows_thai_errors_and_saves_nothing_for_bad_income(client_for, owner, group, bad):
    month = f"{dt.date.today().replace(day=1):%Y-%m}"
    data = {"unit": f"pg:{group.pk}", "month": month, "source": "product_sales", "amount": "10", **bad}
    response = client_for(owner).post(INCOME, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not IncomeRecord.objects.exists()


def test_it_lets_a_coordinator_record_tourism_income(client_for, expert_user):
    community = TourismCommunityFactory()
    community.coordinators.add(expert_user)
    month = f"{dt.date.today().replace(day=1):%Y-%m}"
    response = client_for(expert_user).post(INCOME, {"unit": f"tc:{community.pk}", "month": month,
                                                     "source": "tourism", "amount": "700"})
    assert response.status_code == 302
    assert IncomeRecord.objects.get().tourism_community == community


def test_it_requests_a_report_from_the_dashboard_and_polls_its_status(client_for, staff, evaluated,
                                                                      django_capture_on_commit_callbacks,
                                                                      published_tasks):
    c = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("evaluation:report_request"), PERIOD)
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert published_tasks == [("evaluation.generate_report", [report.pk])]
    status_url = reverse("evaluation:report_status", args=[report.pk])
    page = c.get(report.get_absolute_url())
    assert status_url in page.content.decode()  # the page polls while it is queued
    assert c.get(status_url).json()["status"] == "queued"
    services.report_generate(actor=SYSTEM, report_id=report.pk)
    body = c.get(status_url).json()
    assert body["status"] == "done" and body["xlsx"] and body["pdf"]
    page = c.get(report.get_absolute_url())
    assert page.status_code == 200 and status_url not in page.content.decode()


def test_it_tracks_findings_and_actions_to_done(client_for, staff, evaluated):
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    c = client_for(staff)
    assert c.post(reverse("evaluation:finding_create", args=[report.pk]),
                  {"title": "ยอดขายกลุ่มตุ๊กตาลดลงช่วงหน้าฝน"}).status_code == 302
    finding = Finding.objects.get()
    bad = c.post(reverse("evaluation:action_create", args=[report.pk]), {"finding": finding.pk, "what": ""})
    assert bad.status_code == 400 and not ImprovementAction.objects.exists()
    assert c.post(reverse("evaluation:action_create", args=[report.pk]), {
        "finding": finding.pk, "what": "อบรมการขายออนไลน์", "owner": "พัฒนาการอำเภอป่าโมก",
        "due_date": "2027-01-31", "producer_group": evaluated.pk}).status_code == 302
    action = ImprovementAction.objects.get()
    assert action.producer_group == evaluated and action.status == "open"
    c.post(reverse("evaluation:action_status", args=[action.pk]), {"status": "in_progress"})
    c.post(reverse("evaluation:action_status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    page = c.get(report.get_absolute_url()).content.decode()
    assert "อบรมการขายออนไลน์" in page and "31 ม.ค. 2570" in page


def test_it_lets_staff_record_income_for_any_unit(client_for, staff, group, other_group):
    community = TourismCommunityFactory()
    page = client_for(staff).get(INCOME)
    choices = {v for v, _label in page.context["form"].fields["unit"].choices}
    assert {f"pg:{group.pk}", f"pg:{other_group.pk}", f"tc:{community.pk}"} <= choices
    assert page.context["overview"] == []
    month = f"{dt.date.today().replace(day=1):%Y-%m}"
    response = client_for(staff).post(INCOME, {"unit": f"pg:{other_group.pk}", "month": month,
                                               "source": "product_sales", "amount": "10"})
    assert response.status_code == 302 and IncomeRecord.objects.get().producer_group == other_group


@pytest.mark.parametrize("fiscal_year", ["0", "99999999", "abc", ""])
def test_an_impossible_fiscal_year_is_a_form_error_not_a_crash(client_for, staff, fiscal_year):
    response = client_for(staff).get("/evaluation/", {"fiscal_year": fiscal_year})
    assert response.status_code == 200
