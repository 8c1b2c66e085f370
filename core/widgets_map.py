"""A map point picker for forms with a latitude and a longitude field.

Put ``MapPointWidget`` on the longitude field (it follows the latitude field on the page): it renders the
ordinary number input and, after it, a Leaflet map (static/js/map_picker.js). A tap or click on the map
places a marker and fills both inputs; typing the numbers moves the marker. Without JavaScript, or without
map tiles, the map stays hidden or blank and the typed inputs work as before. Render ``{{ form.media }}``
in the page's head for the Leaflet files.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# The centre of Ang Thong province, where the map opens when no point is set yet.
ANG_THONG_CENTRE = (14.5896, 100.4551)


class MapPointWidget(forms.NumberInput):
    def __init__(
        self,
        attrs=None,
        *,
        lat_field: str = "lat",
        lng_field: str = "lng",
        centre: tuple[float, float] = ANG_THONG_CENTRE,
        zoom: int = 11,
    ):
        super().__init__(attrs)
        self.lat_field, self.lng_field, self.centre, self.zoom = lat_field, lng_field, centre, zoom

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css"]}
        js = ["vendor/leaflet/leaflet.js", "js/map_picker.js"]

    def lat_name(self, name: str) -> str:
        """The latitude input's name, with the same form prefix as this (longitude) input's."""
        prefix = name[: -len(self.lng_field)] if name.endswith(self.lng_field) else ""
        return prefix + self.lat_field

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        hint_id = f"{(attrs or {}).get('id') or name}-map-hint"
        return field + format_html(
            '<div class="map-picker" data-map-picker data-lat-input="{}" data-lng-input="{}" data-centre="{},{}" '
            'data-zoom="{}" role="region" aria-label="{}" aria-describedby="{}" hidden></div>'
            '<span class="helptext" id="{}" data-map-picker-hint hidden>{}</span>',
            self.lat_name(name),
            name,
            self.centre[0],
            self.centre[1],
            self.zoom,
            _("แผนที่สำหรับปักหมุดตำแหน่ง"),
            hint_id,
            hint_id,
            _("แตะหรือคลิกบนแผนที่เพื่อปักหมุด ระบบจะเติมละติจูดและลองจิจูดให้ ลากหมุดเพื่อขยับ หรือพิมพ์ตัวเลขเองก็ได้"),
        )
