"""``{% program_card program %}``: a program's card (tourism/_program_card.html) written out in Python.

The list page shows 24 cards and the home page 3; the template costs ~30 nodes per card (an include for the demo
badge, filters resolved one by one), the tag the same output in a few calls. The template stays the card's
reference: tests/tourism/test_card.py renders both, byte for byte, in Thai and English."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.files import file_url
from core.templatetags.portal import choice_display, demo_badge, district_label, price_per, tr, tr_plain

register = template.Library()


@register.simple_tag
def program_card(program):
    esc = conditional_escape
    out = ['<article class="card program-card">\n  ']
    photo = getattr(program, "card_photo", None)
    if photo:
        out.append(format_html(
            '<img class="cover" src="{}" alt="{}" loading="lazy" width="480" height="360">',
            file_url(photo, "thumbnail"), photo.caption or tr_plain(program.community, "name")))
    else:
        out.append(f'<div class="cover placeholder" aria-hidden="true">{esc(gettext("ไม่มีรูปภาพ"))}</div>')
    community = program.community
    out.append(f'\n  <h3><a href="{esc(program.get_absolute_url())}">{tr(program, "title")}</a> '
               f'{demo_badge(program)}</h3>\n'
               f'  <p class="muted">{tr(community, "name")} · {esc(district_label(community.subdistrict.district))}</p>\n'
               f'  <p class="price-line"><span>{esc(choice_display(program, "duration"))}</span>'
               f'<span>{esc(price_per(program.price_per_person, "คน"))}</span></p>\n  ')
    if program.status != "published":
        out.append(f'<span class="badge warn">{esc(choice_display(program, "status"))}</span>')
    out.append("\n</article>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
