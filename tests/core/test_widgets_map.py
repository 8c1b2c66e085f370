"""core.widgets_map.MapPointWidget: the longitude input, then a map bound to both inputs by name."""

import re

from django import forms

from core.widgets_map import MapPointWidget


class PointForm(forms.Form):
    lat = forms.DecimalField(max_digits=9, decimal_places=6, required=False)
    lng = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=MapPointWidget())


def test_it_renders_the_typed_input_and_a_hidden_map_bound_to_both_inputs():
    html = str(PointForm(initial={"lat": "14.6", "lng": "100.45"})["lng"])
    assert re.search(r'<input type="number" name="lng" value="100.45" step="0.000001" id="id_lng">', html)
    assert 'data-lat-input="lat" data-lng-input="lng"' in html
    assert 'data-centre="14.5896,100.4551"' in html and 'aria-describedby="id_lng-map-hint"' in html
    # Hidden until the script draws it: without JavaScript only the typed inputs show.
    assert re.search(r"<div class=\"map-picker\"[^>]* hidden></div>", html)
    assert '<span class="helptext" id="id_lng-map-hint" data-map-picker-hint hidden>แตะหรือคลิกบนแผนที่' in html


def test_it_pairs_the_inputs_of_a_prefixed_form():
    html = str(PointForm(prefix="place")["lng"])
    assert 'data-lat-input="place-lat" data-lng-input="place-lng"' in html


def test_it_brings_the_vendored_leaflet_and_the_picker_script():
    media = str(PointForm().media)
    assert "vendor/leaflet/leaflet.css" in media and "vendor/leaflet/leaflet.js" in media
    assert "js/map_picker.js" in media and "unpkg" not in media
