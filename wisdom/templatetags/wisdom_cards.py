"""``{% wisdom_card r %}``: a record's card on /wisdom/ (wisdom/_card.html) written out in Python.

The template costs ~35 nodes per card (the demo badge's include, filters resolved one by one); the tag writes
the same output in a few calls. The template stays the card's reference: tests/wisdom/test_card.py renders
both, byte for byte, in Thai and English."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.files import file_url
from core.i18n_content import area_line
from core.templatetags.portal import choice_display, demo_badge, tr, tr_plain
from wisdom.selectors import card_photo

register = template.Library()
INDENT = "\n          "


@register.simple_tag(takes_context=True)
def wisdom_card(context, r):
    esc = conditional_escape
    photo = card_photo(r)
    out = ['<article class="card wisdom-card">', INDENT]
    if photo:
        out.append(format_html('<img class="cover" src="{}" alt="{}" loading="lazy">', file_url(photo, "thumbnail"),
                               photo.caption or tr_plain(r, "title")))
    out.append(f'{INDENT}<h3><a href="{esc(r.get_absolute_url())}">{tr(r, "title")}</a> {demo_badge(r)}</h3>{INDENT}')
    if r.title_en and context.get("LANGUAGE_CODE") != "en":
        out.append(f'<p class="muted" lang="en">{esc(r.title_en)}</p>')
    out.append(f'{INDENT}<p><span class="badge">{esc(choice_display(r, "category"))}</span>')
    if getattr(r, "has_video", None):
        out.append(f' <span class="badge ok">{esc(gettext("มีวิดีโอ"))}</span>')
    if r.access_level != "public":
        out.append(f' <span class="badge warn">{esc(choice_display(r, "access_level"))}</span>')
    out.append(f'</p>{INDENT}<p class="muted">{esc(area_line(r.subdistrict, r.village_no, province=False))}</p>'
               f'{INDENT}')
    if r.summary:
        out.append(f'<p>{tr(r, "summary:140")}</p>')
    out.append("\n        </article>")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
