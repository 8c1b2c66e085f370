"""General template helpers (builtins, no {% load %} needed)."""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import files, urlcache

register = template.Library()


class MemoisedURLNode(URLNode):
    """Django's ``{% url %}`` answered through core.urlcache (the same URL, remembered per process: a page's
    menu, footer and cards ask for the same ones on every request)."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = urlcache.reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """``{% url %}`` as Django parses it, rendered by MemoisedURLNode (this library is a builtin loaded after
    Django's, so its ``url`` is the one every template uses)."""
    node = django_url(parser, token)
    return MemoisedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced: ?{% query_replace page=2 %}"""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def file_url(obj, field):
    """URL of a protected file field through core.files: {{ photo|file_url:"thumbnail" }}"""
    return files.file_url(obj, field)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


# --- Content in two languages (core/i18n_content.py) -----------------------

def _mark_thai(html, fallback: bool, *, block: bool = False):
    from django.utils.html import format_html

    if not fallback:
        return html
    tag = "div" if block else "span"
    return format_html('<{} lang="th" class="in-thai">{}</{}> <small class="lang-fallback">In Thai</small>',
                       tag, html, tag)


@register.filter
def tr(obj, name):
    """A field in the visitor's language: {{ program|tr:"title" }} ({{ a|tr:"description:200" }} cuts it). In English mode an empty English value
    shows the Thai one inside lang="th" with a small "In Thai" label."""
    from django.utils.html import conditional_escape

    from core.i18n_content import localized

    name, limit = _split_limit(name)
    value = localized(obj, name)
    return _mark_thai(conditional_escape(_truncate(value.text, limit)), value.fallback)


@register.filter
def tr_text(obj, name):
    """A multi-line field in the visitor's language, line breaks kept: {{ program|tr_text:"summary" }}."""
    from django.utils.html import linebreaks

    from core.i18n_content import localized

    value = localized(obj, name)
    return _mark_thai(mark_safe(linebreaks(value.text, autoescape=True)), value.fallback, block=True)


@register.filter
def tr_plain(obj, name):
    """The plain text (no marker) in the visitor's language, for attributes and <title>."""
    from core.i18n_content import localized_text

    name, limit = _split_limit(name)
    return _truncate(localized_text(obj, name), limit)


@register.filter
def tr_lines(obj, name):
    """A one-item-per-line field as a list in the visitor's language, each line marked when in Thai:
    {% for line in program|tr_lines:"included" %}<li>{{ line }}</li>{% endfor %}"""
    from django.utils.html import conditional_escape

    from core.i18n_content import localized_lines

    value = localized_lines(obj, name)
    return [_mark_thai(conditional_escape(line), value.fallback) for line in value.lines]


@register.simple_tag
def price_per(amount, unit_th="", unit_en=""):
    """{% price_per program.price_per_person "คน" %} -> ฿450.00 / คน (Thai), ฿450 per person (English)."""
    from core.i18n_content import price_per as _price_per

    return _price_per(amount, unit_th, unit_en)


def _split_limit(name):
    name, _, limit = str(name).partition(":")
    return name, int(limit) if limit.isdigit() else None


def _truncate(text, limit):
    from django.utils.text import Truncator

    return Truncator(text).chars(limit) if limit else text


@register.simple_tag
def area_line(subdistrict, village_no=None, province=True):
    """Where something is, in the visitor's language (core.i18n_content.area_line)."""
    from core.i18n_content import area_line as _area_line

    return _area_line(subdistrict, village_no, province=province)


@register.simple_tag
def district_label(district):
    """"อ.ป่าโมก" in Thai, "Pa Mok" in English."""
    from core.i18n_content import district_label as _district_label

    return _district_label(district)


@register.simple_tag
def subdistrict_label(subdistrict):
    """"ต.บางเสด็จ" in Thai, "Bang Sadet" in English."""
    from core.i18n_content import subdistrict_label as _subdistrict_label

    return _subdistrict_label(subdistrict)


_CHOICES: dict[tuple[type, str], dict] = {}


def choice_display(obj, field_name: str):
    """``obj.get_<field>_display()`` for the Python-written cards, without building the field's choices dict
    (and hashing its lazy labels) on every call: the dict is built once per process, the label translated
    on each call (the visitor's language)."""
    key = (type(obj), field_name)
    labels = _CHOICES.get(key)
    if labels is None:
        labels = _CHOICES[key] = dict(obj._meta.get_field(field_name).flatchoices)
    value = getattr(obj, field_name)
    label = labels.get(value, value)
    return str(label) if label is not None else label


def demo_badge(obj) -> str:
    """includes/demo_badge.html written out (its trailing line break included), for the Python-written cards."""
    from django.utils.translation import gettext

    if not obj.is_demo:
        return "\n"
    return (f'<span class="badge demo" title="{conditional_escape(gettext("ข้อมูลตัวอย่างเพื่อสาธิตระบบ ไม่ใช่ข้อมูลทางราชการ"))}">'
            f'{conditional_escape(gettext("ข้อมูลตัวอย่าง"))}</span>\n')
