"""``{% product_card p %}``: a product's card (products/_card.html) written out in Python.

A list page shows 24 cards; the template costs ~40 nodes per card (an include, the demo badge's include, the
stars' loop, filters resolved one by one), the tag the same output in a few calls. The template stays the
card's reference: tests/products/test_card.py renders both, byte for byte, in Thai and English (draft, demo,
with and without a photo, stars or price)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.files import file_url
from core.templatetags.portal import choice_display, demo_badge, district_label, price_per, tr, tr_plain
from products.selectors import card_photo

register = template.Library()


@register.simple_tag(takes_context=True)
def product_card(context, p):
    esc = conditional_escape
    url = esc(p.get_absolute_url())
    out = ['<article class="card product-card">\n  ']
    cover = card_photo(p)
    if cover:
        out.append(format_html('<a href="{}"><img src="{}" alt="{}" loading="lazy"></a>', url,
                               file_url(cover, "thumbnail"), cover.caption or tr_plain(p, "name")))
    out.append(f'\n  <h3><a href="{url}">{tr(p, "name")}</a> ')
    out.append(demo_badge(p))
    if p.status == "draft":
        out.append(f' <span class="badge warn">{esc(gettext("ร่าง"))}</span>')
    out.append(f'</h3>\n  <p class="muted">{tr(p.group, "name")}<br>{esc(district_label(p.group.subdistrict.district))}'
               f' · {esc(choice_display(p, "product_type"))}</p>\n  ')
    stars = getattr(p, "latest_stars", None)
    if stars:
        year = render_value_in_context(getattr(p, "latest_star_year", None), context)
        title = gettext("ระดับดาว OTOP ปี %(y)s") % {"y": year}
        out.append(f'<p class="stars" title="{title}">'
                   + "".join("★" if i <= stars else "☆" for i in range(1, 6)) + "</p>")
    out.append("\n  ")
    if p.price is not None:
        out.append(f'<p class="price">{esc(price_per(p.price, p.unit, p.unit_en))}</p>')
    out.append("\n</article>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
