"""Content in two languages: explicit `<field>_en` columns beside the Thai ones, read through one accessor.

A translatable field is either a pair `<name>_th` / `<name>_en` (the older titles and names) or a Thai
field `<name>` with an English `<name>_en` beside it (descriptions, summaries, itineraries...). English is
optional: in English mode an empty English value falls back to the Thai one, and pages mark that text
with lang="th" and a small "In Thai" label (templates: `{{ obj|tr:"title" }}`, core/templatetags/portal.py).

    localized(program, "title")       -> LocalizedText("Making court dolls…", fallback=False)
    localized(program, "summary")     -> the English summary, else the Thai one (fallback=True)
    english_text(product)             -> every English field of a record joined (search index)
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils import translation


class LocalizedText(NamedTuple):
    text: str
    fallback: bool  # True when English was asked for and the Thai text is shown instead


def is_english(language: str | None = None) -> bool:
    return (language or translation.get_language() or "th").split("-")[0] == "en"


def thai_value(obj: Any, name: str) -> str:
    value = getattr(obj, f"{name}_th", None)
    if value is None:
        value = getattr(obj, name, "")
    return "" if value is None else str(value)


def english_value(obj: Any, name: str) -> str:
    value = getattr(obj, f"{name}_en", "")
    return "" if value is None else str(value)


def localized(obj: Any, name: str, language: str | None = None) -> LocalizedText:
    """The field `name` of `obj` in the active (or given) language, falling back to Thai."""
    if obj is None:
        return LocalizedText("", False)
    return localized_pair(thai_value(obj, name), english_value(obj, name), language)


def localized_pair(thai: str, english: str | None, language: str | None = None) -> LocalizedText:
    """THE fallback rule on two plain values (a row read with `values_list`): the English text, stripped, in
    English mode when there is one, else the Thai text (`fallback` when English was asked for)."""
    if not is_english(language):
        return LocalizedText(thai, False)
    english = (english or "").strip()
    if english:
        return LocalizedText(english, False)
    return LocalizedText(thai, bool(thai))


def localized_text(obj: Any, name: str, language: str | None = None) -> str:
    return localized(obj, name, language).text


class LocalizedLines(NamedTuple):
    lines: list[str]
    fallback: bool


def localized_lines(obj: Any, name: str, language: str | None = None) -> LocalizedLines:
    """A one-item-per-line field (a program's inclusions) in the active language, as a list of lines."""
    value = localized(obj, name, language)
    return LocalizedLines([line.strip() for line in value.text.splitlines() if line.strip()], value.fallback)


def english_text(obj: Any, *names: str) -> str:
    """The English values of the given fields joined by spaces (blank ones left out)."""
    return " ".join(v for v in (english_value(obj, n).strip() for n in names) if v)


PER_UNIT_EN = {"คน": "person", "ท่าน": "person", "ชิ้น": "piece", "ตัว": "piece", "ใบ": "piece",
               "กล่อง": "box", "ขวด": "bottle", "ถุง": "bag", "ชุด": "set", "แพ็ค": "pack", "ห่อ": "pack",
               "กิโลกรัม": "kg", "กก.": "kg", "ผืน": "piece", "คู่": "pair", "โหล": "dozen"}


def _whole_or_satang(amount) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = 0 if number == number.to_integral_value() else 2
    return f"฿{number:,.{places}f}"


def price_per(amount, unit_th: str = "", unit_en: str = "", language: str | None = None) -> str:
    """A price with its unit as each language reads it.

    Thai (as the pages always showed it): "฿450.00 / คน". English: "฿450 per person" (no .00 for whole
    baht; the English unit, else a known Thai unit's English word, else the Thai unit as written)."""
    if amount is None or amount == "":
        return ""
    if is_english(language):
        money = _whole_or_satang(amount)
        unit = (unit_en or PER_UNIT_EN.get((unit_th or "").strip(), unit_th or "")).strip()
        return f"{money} per {unit}" if unit else money
    from decimal import Decimal, InvalidOperation

    try:
        money = f"฿{Decimal(amount):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{money} / {unit_th}" if unit_th else money


def area_line(subdistrict: Any, village_no: Any = None, *, province: bool = True) -> str:
    """Where something is, in the active language: Thai "หมู่ 3 ต.บางเสด็จ อ.ป่าโมก จ.อ่างทอง",
    English "Moo 3, Bang Sadet, Pa Mok, Ang Thong" (the DOPA English names; the portal's province)."""
    if subdistrict is None:
        return ""
    district = subdistrict.district
    if is_english():
        parts = [f"Moo {village_no}"] if village_no else []
        parts += [localized_text(subdistrict, "name"), localized_text(district, "name")]
        if province:
            parts.append("Ang Thong")
        return ", ".join(p for p in parts if p)
    line = f"หมู่ {village_no} " if village_no else ""
    line += f"ต.{subdistrict.name_th} อ.{district.name_th}"
    return line + (" จ.อ่างทอง" if province else "")


def district_label(district: Any) -> str:
    """"อ.ป่าโมก" in Thai, "Pa Mok" in English."""
    if district is None:
        return ""
    return localized_text(district, "name") if is_english() else f"อ.{district.name_th}"


def subdistrict_label(subdistrict: Any) -> str:
    """"ต.บางเสด็จ" in Thai, "Bang Sadet" in English."""
    if subdistrict is None:
        return ""
    return localized_text(subdistrict, "name") if is_english() else f"ต.{subdistrict.name_th}"
