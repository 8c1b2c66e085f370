import pytest

from core import demo as core_demo
from tourism import demo
from tourism.models import Booking, Reseller

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_reseller_with_a_few_bookings_loaded_once():
    core_demo.load()
    demo.load()
    demo.load()
    reseller = Reseller.objects.get()
    assert reseller.is_demo and reseller.active and reseller.programs.count() == 5
    bookings = Booking.objects.filter(reseller=reseller).order_by("reseller_reference")
    assert [(b.reseller_reference, b.status) for b in bookings] == [
        ("SVJ-24001", "confirmed"),
        ("SVJ-24002", "requested"),
        ("SVJ-24003", "on_hold"),
    ]
    assert all(b.is_demo for b in bookings)
    assert not reseller.keys.exists()  # staff make the key on the reseller's page
