"""The campaign funnel as an xlsx workbook (openpyxl): per link, per channel, per week, and the rule."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from core.thai_dates import format_date

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_COLUMNS = [
    ("clicks", gettext_lazy("คลิก/สแกน")),
    ("sessions", gettext_lazy("การเข้าชม")),
    ("bookings", gettext_lazy("การจอง")),
    ("people", gettext_lazy("ผู้เดินทาง (คน)")),
    ("booking_value", gettext_lazy("มูลค่าการจอง (บาท)")),
    ("booking_rate", gettext_lazy("อัตราการจอง (%)")),
    ("contacts", gettext_lazy("คลิกติดต่อสั่งซื้อ")),
    ("sales", gettext_lazy("ยอดขายที่ระบุรหัส (รายการ)")),
    ("sales_value", gettext_lazy("ยอดขาย (บาท)")),
]


def _cell(key: str, value: Any) -> Any:
    if key == "booking_rate":
        return round(value * 100, 2) if value is not None else None
    return float(value) if key in ("booking_value", "sales_value") else value


def _bold(ws: Any) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)


def funnel_xlsx(*, campaign: Any, funnel: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("ตามลิงก์")
    ws.append([_("ลิงก์"), _("รหัสสำหรับกรอก"), _("ช่องทาง")] + [str(label) for _key, label in _COLUMNS])
    for row in funnel["by_link"]:
        link = row["link"]
        ws.append(
            [f"/go/{link.code}", link.human_code, link.get_channel_display()]
            + [_cell(key, row[key]) for key, _label in _COLUMNS]
        )
    total = funnel["total"]
    ws.append([_("รวม"), "", ""] + [_cell(key, total[key]) for key, _label in _COLUMNS])
    _bold(ws)
    ws2 = wb.create_sheet(_("ตามช่องทาง"))
    ws2.append([_("ช่องทาง")] + [str(label) for _key, label in _COLUMNS])
    for row in funnel["by_channel"]:
        ws2.append([row["label"]] + [_cell(key, row[key]) for key, _label in _COLUMNS])
    _bold(ws2)
    ws3 = wb.create_sheet(_("รายสัปดาห์"))
    ws3.append([_("สัปดาห์เริ่ม"), _("คลิก/สแกน"), _("การเข้าชม"), _("การจอง")])
    for week in funnel["weeks"]:
        ws3.append([format_date(week["week"]), week["clicks"], week["sessions"], week["bookings"]])
    _bold(ws3)
    ws4 = wb.create_sheet(_("สรุป"))
    ws4.append([_("แคมเปญ"), campaign.name])
    ws4.append([_("ช่วงเวลา"), f"{format_date(campaign.starts_on)} – {format_date(campaign.ends_on)}"])
    ws4.append([_("งบประมาณ (บาท)"), float(funnel["budget"])])
    ws4.append(
        [
            _("ต้นทุนต่อการจอง (บาท)"),
            float(total["cost_per_booking"]) if total["cost_per_booking"] is not None else None,
        ]
    )
    ws4.append([_("หลักการนับ"), str(funnel["rule"])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
