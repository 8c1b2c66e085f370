"""The admin is a caller like any other: saves, deletes, inline rows, status changes and imports of the
evaluation go through evaluation.services (their rules and side effects are what we assert)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
import tablib
from django.urls import reverse

from core.actors import SYSTEM
from evaluation import services
from evaluation.models import Enrollment, Finding, ImprovementAction, IncomeRecord, Report
from evaluation.resources import IncomeRecordResource
from tests.factories.evaluation import TargetFactory, enroll, income

pytestmark = pytest.mark.django_db


def _add(model):
    return reverse(f"admin:evaluation_{model}_add")


def _change(model, pk):
    return reverse(f"admin:evaluation_{model}_change", args=[pk])


def _delete(model, pk):
    return reverse(f"admin:evaluation_{model}_delete", args=[pk])


def test_it_records_income_in_the_admin_through_the_service(client_for, staff, group):
    c = client_for(staff)
    response = c.post(_add("incomerecord"), {"producer_group": group.pk, "month": "2026-10-01",
                                             "source": "product_sales", "amount": "1500.00"})
    assert response.status_code == 302
    record = IncomeRecord.objects.get()
    assert record.created_by == staff  # set by the service, not a form field
    # the same unit/month/source again is refused by the constraint: the admin edits the existing row
    again = c.post(_add("incomerecord"), {"producer_group": group.pk, "month": "2026-10-01",
                                          "source": "product_sales", "amount": "1750.00"})
    assert again.status_code == 200 and IncomeRecord.objects.get().amount == Decimal("1500.00")


def test_it_shows_the_services_refusal_on_the_admin_form_and_saves_nothing(client_for, staff, group):
    response = client_for(staff).post(_add("incomerecord"), {"producer_group": group.pk, "month": "2099-01-01",
                                                             "source": "product_sales", "amount": "1"})
    assert response.status_code == 200
    assert "บันทึกรายได้ของเดือนในอนาคตไม่ได้" in response.content.decode()
    assert not IncomeRecord.objects.exists()


def test_it_changes_and_deletes_income_in_the_admin_through_the_services(client_for, staff, group):
    record = income(group, "2026-10", 100)
    c = client_for(staff)
    response = c.post(_change("incomerecord", record.pk), {"producer_group": group.pk, "month": "2026-10-01",
                                                           "source": "product_sales", "amount": "120.00"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.amount == Decimal("120.00")
    assert c.post(_delete("incomerecord", record.pk), {"post": "yes"}).status_code == 302
    assert not IncomeRecord.objects.exists()
    assert record.history.filter(history_type="-").exists()


def test_it_refuses_changing_a_targets_year_in_the_admin(client_for, staff):
    target = TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    c = client_for(staff)
    response = c.post(_change("target", target.pk), {"fiscal_year": 2571, "project": "all",
                                                     "target_percent": "3.00"})
    assert response.status_code == 200 and "ให้สร้างเป้าหมายใหม่แทน" in response.content.decode()
    target.refresh_from_db()
    assert target.fiscal_year == 2570
    assert c.post(_change("target", target.pk), {"fiscal_year": 2570, "project": "all",
                                                 "target_percent": "4.50"}).status_code == 302
    target.refresh_from_db()
    assert target.target_percent == Decimal("4.50")


def test_it_enrolls_and_withdraws_units_in_the_admin(client_for, staff, group):
    c = client_for(staff)
    assert c.post(_add("enrollment"), {"fiscal_year": 2570, "project": "kbo",
                                       "producer_group": group.pk}).status_code == 302
    enrollment = Enrollment.objects.get()
    again = c.post(_add("enrollment"), {"fiscal_year": 2570, "project": "kbo", "producer_group": group.pk})
    assert again.status_code == 200 and Enrollment.objects.count() == 1
    assert c.post(_delete("enrollment", enrollment.pk), {"post": "yes"}).status_code == 302
    assert not Enrollment.objects.exists()


def _generated_report():
    TargetFactory()
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    with mock.patch("evaluation.reports.render_pdf", return_value=b"%PDF-1.7 (not rendered in this test)"):
        return services.report_generate(actor=SYSTEM, report_id=report.pk)


def test_it_deletes_a_report_and_its_files_in_the_admin(client_for, staff, group, committed):
    enroll(group)
    report = _generated_report()
    storage, names = report.xlsx.storage, [report.xlsx.name, report.pdf.name]
    assert all(storage.exists(n) for n in names)
    Finding.objects.create(report=report, title="ข้อค้นพบ")
    with committed():
        assert client_for(staff).post(_delete("report", report.pk), {"post": "yes"}).status_code == 302
    assert not Report.objects.exists() and not Finding.objects.exists()
    assert not any(storage.exists(n) for n in names)  # report_delete removed the files


def test_it_bulk_deletes_reports_through_the_service(client_for, staff, group, committed):
    enroll(group)
    report = _generated_report()
    name = report.xlsx.name
    with committed():
        response = client_for(staff).post(reverse("admin:evaluation_report_changelist"), {
            "action": "delete_selected", "_selected_action": [report.pk], "post": "yes"})
    assert response.status_code == 302
    assert not Report.objects.exists() and not report.xlsx.storage.exists(name)


def test_it_adds_findings_inline_on_a_report_through_the_service(client_for, staff):
    report = Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=1)
    response = client_for(staff).post(_change("report", report.pk), {
        "findings-TOTAL_FORMS": "1", "findings-INITIAL_FORMS": "0", "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000", "findings-0-title": "ยอดขายตกช่วงหน้าฝน", "findings-0-detail": "",
        "findings-0-report": report.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = Finding.objects.get()
    assert finding.report == report and finding.created_by == staff


def test_it_changes_an_actions_status_only_through_the_admin_actions(client_for, staff):
    report = Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=1)
    finding = services.finding_create(actor=staff, report=report, title="ข้อค้นพบ")
    action = services.action_create(actor=staff, finding=finding, what="งาน", owner="อำเภอ",
                                    due_date=dt.date(2027, 1, 1))
    c = client_for(staff)
    # the change form has no status field: posting one changes nothing
    c.post(_change("improvementaction", action.pk), {"finding": finding.pk, "what": "งานใหม่", "owner": "อำเภอ",
                                                     "due_date": "2027-01-01", "status": "done"})
    action.refresh_from_db()
    assert (action.what, action.status, action.done_at) == ("งานใหม่", "open", None)
    response = c.post(reverse("admin:evaluation_improvementaction_changelist"),
                      {"action": "set_status_done", "_selected_action": [action.pk]})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None  # action_set_status records when
    assert ImprovementAction.objects.count() == 1


def test_it_imports_income_through_the_service(staff, group):
    data = tablib.Dataset(headers=["id", "producer_group", "tourism_community", "month", "source", "amount"])
    data.append(["", group.pk, "", "2026-10-01", "product_sales", "900.00"])
    result = IncomeRecordResource().import_data(data, dry_run=False, use_transactions=True, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    assert IncomeRecord.objects.get().created_by == staff

    future = tablib.Dataset(headers=["id", "producer_group", "tourism_community", "month", "source", "amount"])
    future.append(["", group.pk, "", "2099-01-01", "tourism", "1.00"])
    result = IncomeRecordResource().import_data(future, dry_run=False, use_transactions=True, user=staff)
    assert result.has_errors() or result.has_validation_errors()
    assert IncomeRecord.objects.count() == 1


def test_it_deletes_an_inline_action_of_a_finding_through_the_service(client_for, staff):
    report = Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=1)
    finding = services.finding_create(actor=staff, report=report, title="ข้อค้นพบ")
    action = services.action_create(actor=staff, finding=finding, what="งาน", owner="อำเภอ",
                                    due_date=dt.date(2027, 1, 1))
    response = client_for(staff).post(_change("finding", finding.pk), {
        "report": report.pk, "title": "ข้อค้นพบ", "detail": "",
        "actions-TOTAL_FORMS": "2", "actions-INITIAL_FORMS": "1", "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-id": action.pk, "actions-0-finding": finding.pk, "actions-0-what": "งาน",
        "actions-0-owner": "อำเภอ", "actions-0-due_date": "2027-01-01", "actions-0-DELETE": "on",
        "actions-1-finding": finding.pk, "actions-1-what": "งานใหม่", "actions-1-owner": "จังหวัด",
        "actions-1-due_date": "2027-02-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    new = ImprovementAction.objects.get()
    assert (new.what, new.status, new.created_by) == ("งานใหม่", "open", staff)  # action_create
