"""The map point picker (core/widgets_map.py) on the wisdom record form and the tourism community form:
a tap on the map fills latitude and longitude, dragging is not needed, typing still works, and the point
is saved through the ordinary form post. Tiles are aborted by the test's network rule: the blank map
still takes taps."""

from decimal import Decimal

import pytest

from tests.browser.conftest import assert_fits_width, axe_violations
from tests.browser.journeys import DUPLICATE_IDS, log_in, shoot
from tests.factories import core as f
from tests.factories.tourism import CommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def producer(transactional_db):
    group = f.ProducerGroupFactory(name_th="กลุ่มจักสานทดสอบ")
    return f.producer(group, username="picker")


def coordinates(page):
    return page.locator("[name=lat]").input_value(), page.locator("[name=lng]").input_value()


def test_a_tap_on_the_wisdom_forms_map_fills_latitude_and_longitude(screen, producer):
    log_in(screen, "picker", "/wisdom/new/")
    picker = screen.locator("[data-map-picker].leaflet-container")
    picker.scroll_into_view_if_needed()
    assert picker.is_visible() and coordinates(screen) == ("", "")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    lat, lng = coordinates(screen)
    # The map opens on Ang Thong (14.5896, 100.4551) at zoom 11: its centre is within a few hundred metres.
    assert abs(Decimal(lat) - Decimal("14.5896")) < Decimal("0.01")
    assert abs(Decimal(lng) - Decimal("100.4551")) < Decimal("0.01")
    assert len(lat.split(".")[1]) == 6 and picker.locator(".leaflet-marker-icon").count() == 1
    # A second tap further east moves the same marker.
    shoot(screen, "forms-map-picker")
    picker.click(position={"x": box["width"] - 10, "y": box["height"] / 2})
    assert (
        Decimal(coordinates(screen)[1]) > Decimal(lng) and picker.locator(".leaflet-marker-icon").count() == 1
    )
    assert_fits_width(screen)
    assert axe_violations(screen) == [] and screen.evaluate(DUPLICATE_IDS) == []


def test_typed_coordinates_move_the_marker_and_a_tap_is_saved_on_the_community(screen, producer):
    community = CommunityFactory(coordinators=[producer], lat=None, lng=None)
    url = f"/tourism/manage/communities/{community.slug}/"
    log_in(screen, "picker", url)
    picker = screen.locator("[data-map-picker].leaflet-container")
    assert picker.locator(".leaflet-marker-icon").count() == 0
    screen.fill("[name=lat]", "14.700000")
    screen.fill("[name=lng]", "100.400000")
    screen.locator("[name=lng]").dispatch_event("change")
    assert picker.locator(".leaflet-marker-icon").count() == 1
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] / 3, "y": box["height"] / 3})
    lat, lng = coordinates(screen)
    assert lat != "14.700000" and lng != "100.400000"
    screen.locator("form:has([name=lat]) button[type=submit]").click()
    screen.wait_for_load_state()
    community.refresh_from_db()
    assert (community.lat, community.lng) == (Decimal(lat), Decimal(lng))
    assert_fits_width(screen)
    assert axe_violations(screen) == []
