"""Reports: snapshots, versions, idempotency, all-or-nothing runs, xlsx and PDF content."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.actors import SYSTEM
from evaluation import reports, services
from evaluation.models import Report
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, TourismCommunityFactory, enroll, income

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    TargetFactory(fiscal_year=2570, project="nawatwithi", target_percent=Decimal("5.00"))
    dolls = cf.ProducerGroupFactory(name_th="กลุ่มตุ๊กตาชาววัง", subdistrict_id="150305")
    enroll(dolls, "quadrant_d")
    income(dolls, "2025-10", 1000)
    income(dolls, "2026-10", 1100)
    community = TourismCommunityFactory(name_th="ชุมชนท่องเที่ยวบ้านเอกราช", subdistrict_id="150307")
    enroll(community, "nawatwithi")
    income(community, "2025-10", 2000, source="tourism")
    income(community, "2026-10", 2080, source="tourism")
    newcomer = cf.ProducerGroupFactory(name_th="กลุ่มใหม่", subdistrict_id="150101")
    enroll(newcomer, "kbo")
    income(newcomer, "2026-10", 500)
    return {"dolls": dolls, "community": community, "newcomer": newcomer}


def generate(actor=SYSTEM):
    report = services.report_request(actor=actor, fiscal_year=2570, as_of="2026-10", queue=False)
    return services.report_generate(actor=SYSTEM, report_id=report.pk)


def test_it_stores_a_snapshot_that_later_income_changes_do_not_alter(data, staff):
    report = generate(actor=staff)
    assert report.status == "done" and report.version == 1
    summary = dict(report.snapshot["summary"])
    assert summary["current"] == "3180.00" and summary["baseline"] == "3000.00"
    assert summary["increase_percent"] == "6.00"
    assert (summary["met"], summary["not_met"], summary["no_baseline"]) == (1, 1, 1)

    income(data["dolls"], "2026-10", 5000, source="tourism")  # new income after the report
    report.refresh_from_db()
    assert report.snapshot["summary"] == summary

    again = generate(actor=staff)  # regenerate: a new version, the old one kept
    assert again.version == 2 and again.pk != report.pk
    assert again.snapshot["summary"]["current"] == "8180.00"
    report.refresh_from_db()
    assert report.snapshot["summary"]["current"] == "3180.00"
    assert Report.objects.filter(fiscal_year=2570, as_of=dt.date(2026, 10, 1)).count() == 2


def test_it_does_nothing_when_the_task_runs_twice(data):
    report = generate()
    first_xlsx, first_generated = report.xlsx.name, report.snapshot["generated_at"]
    income(data["dolls"], "2026-10", 5000, source="tourism")
    again = services.report_generate(actor=SYSTEM, report_id=report.pk)
    assert again.pk == report.pk
    assert again.xlsx.name == first_xlsx
    assert again.snapshot["generated_at"] == first_generated
    assert Report.objects.count() == 1


def test_it_makes_one_monthly_report_however_often_beat_fires(data):
    first = services.report_request_monthly(actor=SYSTEM, today=dt.date(2026, 11, 1), queue=False)
    second = services.report_request_monthly(actor=SYSTEM, today=dt.date(2026, 11, 1), queue=False)
    assert first.pk == second.pk
    assert (first.fiscal_year, first.as_of) == (2570, dt.date(2026, 10, 1))
    october = services.report_request_monthly(actor=SYSTEM, today=dt.date(2026, 10, 1), queue=False)
    assert (october.fiscal_year, october.as_of) == (2569, dt.date(2026, 9, 1))
    assert Report.objects.count() == 2


def test_it_leaves_no_half_report_when_a_run_fails(data, settings):
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    with mock.patch.object(reports, "render_pdf", side_effect=RuntimeError("pdf engine broke")), \
            pytest.raises(RuntimeError):
        services.report_generate(actor=SYSTEM, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    assert "pdf engine broke" in report.error
    assert report.snapshot == {}
    assert not report.xlsx and not report.pdf
    media = settings.MEDIA_ROOT / "evaluation" / "reports"
    assert not media.exists() or not any(media.iterdir())  # the xlsx written before the failure is gone
    # a retry after the fault is fixed completes the same report
    assert services.report_generate(actor=SYSTEM, report_id=report.pk).status == "done"
    assert Report.objects.count() == 1


def test_it_rejects_a_report_month_outside_the_fiscal_year(db):
    with pytest.raises(ValidationError):
        services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-09", queue=False)
    assert not Report.objects.exists()


def test_it_writes_one_xlsx_sheet_per_scope_with_thai_headers(data, staff):
    report = generate(actor=staff)
    with report.xlsx.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    assert wb.sheetnames == ["จังหวัด", "อำเภอ", "โครงการ", "หน่วยประเมิน", "เป้าหมายที่ใช้", "เกี่ยวกับรายงานนี้"]
    province = wb["จังหวัด"]
    assert province["A1"].value == "ปีงบประมาณ"
    assert province["A2"].value == 2570
    headers = [c.value for c in province[1]]
    values = dict(zip(headers, [c.value for c in province[2]], strict=True))
    assert values["รายได้ปีนี้ (บาท)"] == pytest.approx(3180)
    assert values["รายได้ฐานปีก่อน (บาท)"] == pytest.approx(3000)
    assert values["เพิ่มขึ้น (ร้อยละ)"] == pytest.approx(0.06)  # shown as 6.00% by its format
    assert values["สัดส่วนที่บรรลุ (ร้อยละ)"] == pytest.approx(0.5)
    assert values["เป้าหมายทุกโครงการ (ร้อยละ)"] == pytest.approx(0.03)

    districts = {r[1]: r for r in wb["อำเภอ"].iter_rows(min_row=2, values_only=True)}
    assert set(districts) == {"ป่าโมก", "เมืองอ่างทอง"}
    assert districts["ป่าโมก"][4] == pytest.approx(0.06)  # (3180 - 3000) / 3000
    assert districts["เมืองอ่างทอง"][7] == 1  # no baseline

    units = {r[2]: r for r in wb["หน่วยประเมิน"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in wb["หน่วยประเมิน"][1]][:3] == ["ประเภทหน่วย", "รหัสหน่วย", "ชื่อ"]
    dolls = units["กลุ่มตุ๊กตาชาววัง"]
    assert dolls[0] == "กลุ่มผู้ผลิต" and dolls[5] == pytest.approx(1000) and dolls[6] == pytest.approx(1100)
    assert dolls[7] == pytest.approx(0.10) and dolls[9] == "บรรลุเป้าหมาย"
    community = units["ชุมชนท่องเที่ยวบ้านเอกราช"]
    assert community[7] == pytest.approx(0.04) and community[8] == pytest.approx(0.05)
    assert community[9] == "ยังไม่บรรลุเป้าหมาย"
    assert units["กลุ่มใหม่"][7] is None and units["กลุ่มใหม่"][9] == "ไม่มีฐานปีก่อน"


def test_it_formats_the_xlsx_numbers_widths_and_header(data, staff):
    report = generate(actor=staff)
    with report.xlsx.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    for name in ("จังหวัด", "อำเภอ", "โครงการ", "หน่วยประเมิน", "เกี่ยวกับรายงานนี้"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws["A1"].font.bold  # the header stays in view
    province = wb["จังหวัด"]
    formats = {c.value: province.cell(row=2, column=c.column).number_format for c in province[1]}
    assert formats["รายได้ปีนี้ (บาท)"] == '#,##0.00 "บาท"'  # 3,180.00 บาท
    assert formats["เพิ่มขึ้น (ร้อยละ)"] == "0.00%" and formats["สัดส่วนที่บรรลุ (ร้อยละ)"] == "0.00%"
    assert formats["เป้าหมายทุกโครงการ (ร้อยละ)"] == "0.00%" and formats["จำนวนหน่วย"] == "#,##0"
    units = wb["หน่วยประเมิน"]
    assert [units.cell(row=2, column=i).number_format for i in (6, 7, 8, 9, 11)] == [
        '#,##0.00 "บาท"', '#,##0.00 "บาท"', "0.00%", "0.00%", "#,##0"]
    assert units.column_dimensions["C"].width >= len("ชุมชนท่องเที่ยวบ้านเอกราช")  # the longest name fits
    assert units.column_dimensions["F"].width >= 12  # "1,000.00 บาท"
    about = dict(wb["เกี่ยวกับรายงานนี้"].iter_rows(min_row=2, values_only=True))
    assert about["ปีงบประมาณ"] == "ปีงบประมาณ 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570)"
    assert about["ข้อมูลถึงเดือน"] == "ตุลาคม 2569"
    assert "ปัดเศษครึ่งขึ้น" in about["หลักเกณฑ์"] and "ร้อยละ 3.00" in about["เป้าหมาย"]
    assert about["สร้างโดย"] == (staff.get_full_name() or staff.username)
    assert about["สร้างเมื่อ"].endswith(" น.")  # a Thai date and time
    system = generate()  # the monthly task: no person
    with system.xlsx.open("rb") as fh:
        about = dict(load_workbook(io.BytesIO(fh.read()))["เกี่ยวกับรายงานนี้"].iter_rows(min_row=2, values_only=True))
    assert about["สร้างโดย"].startswith("ระบบ")


def test_it_renders_a_pdf_from_the_snapshot(data):
    report = generate()
    with report.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    if shutil.which("pdfinfo"):  # poppler-utils, when the machine has it
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
        assert int(re.search(rb"Pages:\s+(\d+)", info).group(1)) >= 1
    assert len(reports.pdf_document(report.snapshot).pages) >= 1
    context = reports.pdf_context(report.snapshot)
    assert context["summary"]["increase_percent"] == "6.00"
    assert context["as_of_label"] == "ตุลาคม 2569"
    assert [u["unit_name"] for u in context["units"]] == [
        "กลุ่มใหม่", "กลุ่มตุ๊กตาชาววัง", "ชุมชนท่องเที่ยวบ้านเอกราช"]  # by district, then name
    assert {p["label"]: p["target"] for p in context["projects"]}["ท่องเที่ยวชุมชน OTOP นวัตวิถี"] == "5.00"
    assert "target-line" in context["district_chart"] and "<svg" in context["trend_chart"]
    assert context["font_dir"].startswith("file://")
    assert (reports.FONT_DIR / "sarabun-thai-400-normal.woff2").exists()


def test_it_embeds_the_shipped_thai_font_in_the_pdf(data):
    document = reports.pdf_document(reports.build_snapshot(fiscal_year=2570, as_of="2026-10"))
    document.write_pdf()
    names = {font.name for font in document.fonts.values()}
    assert any(b"Sarabun-Thai" in n for n in names) and any(b"Sarabun-Latin" in n for n in names)
