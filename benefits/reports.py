"""Thai PDF statements (WeasyPrint, the Sarabun font the evaluation reports ship)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from core.thai_dates import format_datetime


def font_dir() -> Path:
    """The bundled Sarabun fonts (OFL), found through the static files (evaluation ships them)."""
    found = finders.find("evaluation/fonts/sarabun-thai-400-normal.woff2")
    if not found:
        raise FileNotFoundError("evaluation/fonts/sarabun-thai-400-normal.woff2")
    return Path(str(found)).parent


def _render(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    fonts = font_dir()
    html = render_to_string(template, {**context, "font_dir": fonts.as_uri(),
                                       "generated_label": format_datetime(timezone.now())})
    return HTML(string=html, base_url=str(fonts)).write_pdf()


def render_statement_pdf(context: dict[str, Any]) -> bytes:
    """A beneficiary's statement (the context of views._statement_context)."""
    return _render("benefits/statement_pdf.html", context)


def render_agreement_pdf(context: dict[str, Any]) -> bytes:
    """An agreement's ledger: {"agreement", "entries", "total"}."""
    return _render("benefits/agreement_pdf.html", context)
