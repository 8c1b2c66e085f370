"""The portal's form renderer: Django's own (``DjangoTemplates``: the built-in widget templates), except that the
commonest widget templates are written out in Python — byte for byte what the template gives.

Why: Django renders a ``<select>`` by including ``select_option.html`` and ``attrs.html`` once per option
through the template engine (~40 µs an option). The filter forms of the public lists (a district, a producer
group or a community per option: dozens to hundreds) and the date widgets (31 days, 12 months, the years) made
that a third of an uncached list page. ``tests/core/test_form_renderer.py`` compares every fast path with the
template it stands for; a widget with another option template (or a context this does not know) falls back to
the template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
THAI_PARTS = "widgets/thai_date.html"

_CONTEXT = Context(autoescape=True)


def _value(value: Any) -> str:
    """``{{ value }}`` (localised, escaped unless safe), as the template engine renders a variable."""
    if isinstance(value, Promise):  # a lazy translation: its text now
        value = str(value)
    if type(value) is str:  # nothing to localise (the common case: names, values, labels)
        return escape(value)
    return render_value_in_context(value, _CONTEXT)


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    except (ValueError, TypeError):
        text = ""
    return _value(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 (was safe already)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _value(name))
            if value is not True:
                parts.append('="' + _stringformat(value) + '"')
    return "".join(parts)


def _select(context: dict) -> str | None:
    """``django/forms/widgets/select.html`` with its options (``select_option.html``), stripped."""
    widget = context.get("widget")
    if not isinstance(widget, dict) or "optgroups" not in widget:
        return None
    out = ['<select name="', _value(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            out.append('\n  <optgroup label="' + _value(group_name) + '">')
        for option in group_choices:
            if option.get("template_name") != SELECT_OPTION:
                return None
            out.append('\n  <option value="' + _stringformat(option["value"]) + '"' + _attrs(option["attrs"])
                       + ">" + _value(option["label"]) + "</option>\n")  # the included file ends in a newline
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _thai_parts(context: dict) -> str | None:
    """``widgets/thai_date.html`` (core.widgets: the day / month / year selects), its selects included."""
    widget = context.get("widget")
    if not isinstance(widget, dict) or "subwidgets" not in widget:
        return None
    kind = _value(widget.get("kind", ""))
    out = ['<span class="thai-date thai-date--', kind, '" data-thai-date="', kind, '">']
    for sub in widget["subwidgets"]:
        html = _select({"widget": sub}) if sub.get("template_name") == SELECT else None
        if html is None:
            return None
        out.append(html + "\n")  # an included select.html keeps its final newline
    out.append("</span>")
    return "".join(out)


def _input(context: dict) -> str | None:
    """``django/forms/widgets/input.html`` (and text.html, number.html, … which only include it)."""
    widget = context.get("widget")
    if not isinstance(widget, dict) or "type" not in widget:
        return None
    value = widget.get("value")
    return ('<input type="' + _value(widget["type"]) + '" name="' + _value(widget["name"]) + '"'
            + ('' if value is None else ' value="' + _stringformat(value) + '"') + _attrs(widget["attrs"]) + ">")


def _label(context: dict) -> str | None:
    """``django/forms/label.html``: a field's <label> (or <legend>)."""
    if "use_tag" not in context:
        return None
    if not context["use_tag"]:
        return _value(context.get("label"))
    tag = _value(context.get("tag"))
    return "<" + tag + _attrs(context.get("attrs") or {}) + ">" + _value(context.get("label")) + "</" + tag + ">"


def _errors(context: dict) -> str | None:
    """``django/forms/errors/list/default.html`` when there is no error (every field of every form asks)."""
    errors = context.get("errors")
    return "" if errors is not None and not errors else None


def _only_includes_input() -> list[str]:
    """The widget templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``."""
    import django.forms

    folder = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
    body = '{% include "django/forms/widgets/input.html" %}'
    return [f"django/forms/widgets/{path.name}" for path in sorted(folder.glob("*.html"))
            if path.read_text().strip() == body]


FAST: dict[str, Callable[[dict], str | None]] = {
    SELECT: _select,
    THAI_PARTS: _thai_parts,
    "django/forms/widgets/input.html": _input,
    **dict.fromkeys(_only_includes_input(), _input),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
}


class PortalFormRenderer(DjangoTemplates):
    """Django's default renderer with the templates of ``FAST`` rendered in Python (same output)."""

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        fast = FAST.get(template_name)
        if fast is not None:
            html = fast(context)
            if html is not None:
                return SafeString(html.strip())  # as BaseRenderer.render strips the template's output
        return super().render(template_name, context, request=request)

