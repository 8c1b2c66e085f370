"""Report snapshots and their xlsx / PDF renderings.

The snapshot is plain JSON (decimals as strings, months as YYYY-MM) stored on the Report, so a report's
figures never change when income records change later. The xlsx and PDF are rendered FROM the snapshot.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from core import charts, xlsx
from core.choices import Project
from core.thai_dates import MONTHS_TH_ABBR, format_datetime, format_fiscal_year, format_month, to_be_year

from . import selectors
from .choices import ResultStatus, UnitType

FONT_DIR = Path(__file__).resolve().parent / "static" / "evaluation" / "fonts"

PROJECT_LABELS = {"all": "ทุกโครงการ", **{p.value: str(p.label) for p in Project}}
STATUS_LABELS = {s.value: str(s.label) for s in ResultStatus}
UNIT_TYPE_LABELS = {u.value: str(u.label) for u in UnitType}
# which level's target a unit or district was judged against (selectors: unit > district > project > all)
LEVEL_LABELS = {"unit": "เป้าหมายของหน่วย", "district": "เป้าหมายของอำเภอ", "project": "เป้าหมายของโครงการ",
                "all": "เป้าหมายทุกโครงการ", "department": "เป้าหมายของกรมฯ"}


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return value


def build_snapshot(*, fiscal_year: int, as_of) -> dict:
    """Every figure of the report, computed by the selectors (the same rule as the pages and API)."""
    # ONE evaluation: the units' rows and every aggregate of the report come from the same result
    result = selectors.evaluation_result(fiscal_year=fiscal_year, as_of=as_of, order="district")
    hidden = {"id", "producer_group_id", "tourism_community_id"}
    units = [{k: v for k, v in r.items() if k not in hidden} for r in result.rows]
    window = selectors.evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    return jsonable({
        "fiscal_year": window.fiscal_year,
        "as_of": window.as_of,
        "generated_at": timezone.now().isoformat(),
        "targets": selectors.targets_for(window.fiscal_year),
        # every level's targets as they were (with reasons and who set them): each unit's row and each
        # district keep the target it was judged against and its level, so an old report stays explainable
        "targets_used": selectors.targets_used(fiscal_year=window.fiscal_year),
        "summary": result.summary,
        "districts": result.by_district,
        "projects": result.by_project,
        "trend": selectors.monthly_trend(fiscal_year=fiscal_year, as_of=as_of),
        "units": units,
    })


def _d(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(value)


def _month_label(yyyymm: str, style="short") -> str:
    y, m = (int(p) for p in yyyymm.split("-"))
    if style == "short":
        return f"{MONTHS_TH_ABBR[m - 1]} {str(to_be_year(y))[2:]}"
    return format_month(dt.date(y, m, 1))


# --- xlsx -------------------------------------------------------------------------------

AGG_HEADERS = ["รายได้ปีนี้ (บาท)", "รายได้ฐานปีก่อน (บาท)", "เพิ่มขึ้น (ร้อยละ)", "บรรลุเป้าหมาย (หน่วย)",
               "ยังไม่บรรลุ (หน่วย)", "ไม่มีฐานปีก่อน (หน่วย)", "สัดส่วนที่บรรลุ (ร้อยละ)", "จำนวนหน่วย"]

THB, PERCENT, COUNT = xlsx.THB, xlsx.PERCENT, xlsx.COUNT  # the shared number formats (core/xlsx.py)

RULE = ("รายได้ตั้งแต่เดือนตุลาคมถึงเดือนที่รายงานของปีงบประมาณนี้ เทียบกับเดือนเดียวกันของปีงบประมาณก่อน "
        "ร้อยละที่เพิ่มขึ้น = (ปีนี้ − ปีก่อน) ÷ ปีก่อน × 100 ปัดเศษครึ่งขึ้นเป็นทศนิยม 2 ตำแหน่ง "
        "หน่วยที่เพิ่มขึ้นไม่น้อยกว่าเป้าหมายที่ใช้กับหน่วย (เป้าหมายของหน่วย ถ้าไม่มีใช้เป้าหมายของอำเภอ "
        "ถ้าไม่มีใช้เป้าหมายของโครงการ หรือเป้าหมายทุกโครงการ) "
        "คือบรรลุเป้าหมาย หน่วยที่ไม่มีรายได้ปีก่อนคือไม่มีฐานปีก่อน (ไม่นับว่าบรรลุหรือไม่บรรลุ) "
        "อำเภอประเมินจากรายได้รวมของหน่วยในอำเภอเทียบเป้าหมายของอำเภอ (หรือของกรมฯ) ด้วยหลักเกณฑ์เดียวกัน "
        "ขาดอีก (บาท) = รายได้ปีก่อน × (100 + เป้าหมาย) ÷ 100 − รายได้ปีนี้ ปัดขึ้นเป็นสตางค์")


def _pct(value) -> Decimal | None:
    """A percentage as Excel keeps it under ``0.00%``: "6.00" -> 0.06."""
    v = _d(value)
    return None if v is None else v / 100


def _agg_values(a: dict) -> list:
    return [_d(a["current"]), _d(a["baseline"]), _pct(a["increase_percent"]), a["met"], a["not_met"],
            a["no_baseline"], _pct(a["met_share"]), a["units"]]


AGG_FORMATS = [THB, THB, PERCENT, COUNT, COUNT, COUNT, PERCENT, COUNT]


def render_xlsx(snapshot: dict, *, generated_by: str = "") -> bytes:
    """One sheet per scope (province, districts, projects, units), the targets used and "about this report",
    written by the shared helper core/xlsx.py: Thai headers (bold, wrapped, frozen), numbers as numbers with
    baht, percentage and count formats, columns as wide as their contents."""
    wb = xlsx.workbook()

    def sheet(title, columns, rows, first=False):
        """``columns``: (header, number format or None) per column."""
        return xlsx.add_sheet(wb, title, columns, rows, first=first)

    as_of_label = _month_label(snapshot["as_of"], "long")
    targets = snapshot["targets"]
    sheet("จังหวัด", [("ปีงบประมาณ", None), ("ข้อมูลถึงเดือน", None), ("เป้าหมายทุกโครงการ (ร้อยละ)", PERCENT),
                      *zip(AGG_HEADERS, AGG_FORMATS, strict=True)],
          [[snapshot["fiscal_year"], as_of_label, _pct(targets.get("all")), *_agg_values(snapshot["summary"])]],
          first=True)
    sheet("อำเภอ", [("รหัสอำเภอ", None), ("อำเภอ", None), *zip(AGG_HEADERS, AGG_FORMATS, strict=True),
                    ("เป้าหมายของอำเภอ (ร้อยละ)", PERCENT), ("ระดับเป้าหมาย", None), ("ผลของอำเภอ", None),
                    ("ขาดอีก (บาท)", THB), ("หน่วยที่ต่ำกว่าเป้าอำเภอ", COUNT)],
          [[d["key"], d.get("key_name"), *_agg_values(d), _pct(d.get("target_percent")),
            LEVEL_LABELS.get(d.get("target_level") or "", ""), STATUS_LABELS.get(d.get("status") or "", ""),
            _d(d.get("gap")), d.get("units_below")] for d in snapshot["districts"]])
    sheet("โครงการ", [("โครงการ", None), ("เป้าหมาย (ร้อยละ)", PERCENT), *zip(AGG_HEADERS, AGG_FORMATS, strict=True)],
          [[PROJECT_LABELS.get(p["key"], p["key"]), _pct(targets.get(p["key"])), *_agg_values(p)]
           for p in snapshot["projects"]])
    sheet("หน่วยประเมิน", [("ประเภทหน่วย", None), ("รหัสหน่วย", None), ("ชื่อ", None), ("อำเภอ", None),
                          ("โครงการ", None), ("รายได้ฐานปีก่อน (บาท)", THB), ("รายได้ปีนี้ (บาท)", THB),
                          ("เพิ่มขึ้น (ร้อยละ)", PERCENT), ("เป้าหมาย (ร้อยละ)", PERCENT), ("ผลการประเมิน", None),
                          ("จำนวนเดือนที่มีข้อมูล (ปีนี้)", COUNT), ("จำนวนเดือนที่มีข้อมูล (ปีก่อน)", COUNT),
                          ("ระดับเป้าหมาย", None), ("ขาดอีก (บาท)", THB)],
          [[UNIT_TYPE_LABELS[u["unit_type"]], u["unit_id"], u["unit_name"], u["district_name"],
            PROJECT_LABELS.get(u["project"], u["project"]), _d(u["baseline"]), _d(u["current"]),
            _pct(u["increase_percent"]), _pct(u["target_percent"]), STATUS_LABELS[u["status"]],
            u["months_current"], u["months_baseline"], LEVEL_LABELS.get(u.get("target_level") or "", ""),
            _d(u.get("gap"))] for u in snapshot["units"]])
    used = snapshot.get("targets_used") or {}
    sheet("เป้าหมายที่ใช้", [("ระดับ", None), ("อำเภอ/หน่วย", None), ("เป้าหมาย (ร้อยละ)", PERCENT),
                             ("เหตุผล", None), ("กำหนดโดย", None)],
          [["กรมฯ", PROJECT_LABELS.get(k, k), _pct(v), "", ""] for k, v in (used.get("department") or {}).items()]
          + [["อำเภอ", t["district_name"], _pct(t["target_percent"]), t["reason"], t["set_by"]]
             for t in used.get("districts", [])]
          + [["หน่วย", t["unit_name"], _pct(t["target_percent"]), t["reason"], t["set_by"]]
             for t in used.get("units", [])])

    generated = format_datetime(dt.datetime.fromisoformat(snapshot["generated_at"]))
    target_text = "; ".join(f"{PROJECT_LABELS.get(k, k)} ร้อยละ {v}" for k, v in targets.items()) or "ยังไม่กำหนด"
    xlsx.add_about_sheet(wb, [
        ("รายงาน", "ผลการประเมินรายได้ชุมชนเทียบเป้าหมาย สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง"),
        ("ปีงบประมาณ", format_fiscal_year(snapshot["fiscal_year"])),
        ("ข้อมูลถึงเดือน", as_of_label),
        ("เป้าหมาย", target_text),
        ("หลักเกณฑ์", RULE),
        ("สร้างเมื่อ", generated),
        ("สร้างโดย", generated_by or "ระบบ (รายงานประจำเดือนอัตโนมัติ)"),
        ("หมายเหตุ", "ตัวเลขในรายงานนี้เป็นภาพ ณ เวลาที่สร้าง ไม่เปลี่ยนตามข้อมูลที่แก้ไขภายหลัง "
                     "สร้างรายงานฉบับใหม่เพื่อดูข้อมูลล่าสุด"),
    ])
    return xlsx.to_bytes(wb)


# --- PDF ---------------------------------------------------------------------------------


def _trend_rows(snapshot: dict) -> list[dict]:
    """Each month's figures as the trend chart draws them: last year's, this year's and the month's
    target (last year's raised by the `all` target, rounded half-up to satang)."""
    target = _d(snapshot["targets"].get("all"))
    rows = []
    for m in snapshot["trend"]:
        baseline = _d(m["baseline"]) or Decimal("0")
        goal = None if target is None else (baseline * (1 + target / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        rows.append({"label": _month_label(m["month"], "long"), "baseline": m["baseline"], "current": m["current"],
                     "goal": goal})
    return rows


def pdf_context(snapshot: dict) -> dict:
    """What the PDF template receives (tests check this rather than extracting Thai text from the PDF)."""
    target_all = snapshot["targets"].get("all")
    return {
        "snapshot": snapshot,
        "title": f"รายงานผลการประเมินรายได้ {format_fiscal_year(snapshot['fiscal_year'])}",
        "as_of_label": _month_label(snapshot["as_of"], "long"),
        "generated_label": format_datetime(dt.datetime.fromisoformat(snapshot["generated_at"])),
        "summary": snapshot["summary"],
        "districts": [{**d, "status_label": STATUS_LABELS.get(d.get("status") or "", ""),
                       "level_label": LEVEL_LABELS.get(d.get("target_level") or "", "")}
                      for d in snapshot["districts"]],
        # the targets the report used at each level, with reasons (older snapshots have none: empty)
        "targets_used": snapshot.get("targets_used") or {},
        "projects": [{**p, "label": PROJECT_LABELS.get(p["key"], p["key"]),
                      "target": snapshot["targets"].get(p["key"])} for p in snapshot["projects"]],
        "units": [{**u, "project_label": PROJECT_LABELS.get(u["project"], u["project"]),
                   "status_label": STATUS_LABELS[u["status"]]} for u in snapshot["units"]],
        "district_chart": charts.hbar_chart([(d.get("key_name") or d["key"], d["increase_percent"])
                                             for d in snapshot["districts"]], unit="%",
                                            target=target_all, title="รายได้เพิ่มขึ้นรายอำเภอ (ร้อยละ)"),
        "project_chart": charts.hbar_chart([(PROJECT_LABELS.get(p["key"], p["key"]), p["increase_percent"])
                                            for p in snapshot["projects"]], unit="%",
                                           target=target_all, title="รายได้เพิ่มขึ้นรายโครงการ (ร้อยละ)",
                                           item_targets=[snapshot["targets"].get(p["key"])
                                                         for p in snapshot["projects"]]),
        "trend_chart": charts.paired_bar_chart([(_month_label(m["month"]), m["baseline"], m["current"])
                                                for m in snapshot["trend"]],
                                               target_percent=target_all, title="รายได้รายเดือน (บาท)"),
        "trend": _trend_rows(snapshot),
        "chart_css": charts.stylesheet(),
        "font_dir": FONT_DIR.as_uri(),
    }


def pdf_document(snapshot: dict):
    """The laid-out WeasyPrint document (its ``pages``) of a snapshot."""
    from weasyprint import HTML

    html = render_to_string("evaluation/report_pdf.html", pdf_context(snapshot))
    return HTML(string=html, base_url=str(FONT_DIR)).render()


def render_pdf(snapshot: dict) -> bytes:
    """A4 PDF in Sarabun (shipped under static/evaluation/fonts, OFL); the charts' text is HTML (core.charts)."""
    return pdf_document(snapshot).write_pdf()
