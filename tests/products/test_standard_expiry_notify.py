"""The daily reminder of product standards expiring within 90 days."""

import datetime as dt

import pytest

from core.actors import SYSTEM
from core.models import Notification
from products import services
from tests.factories.products import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def cert(product, days):
    return services.certification_add(
        actor=SYSTEM,
        product=product,
        kind="tcps",
        number=f"มผช. {days}",
        expires_on=TODAY + dt.timedelta(days=days),
    )


def test_it_tells_the_group_of_standards_expiring_within_90_days(group, owner, colleague, outsider):
    product = ProductFactory(group=group)
    cert(product, 90)  # told
    cert(product, 91)  # not yet
    cert(product, -1)  # already expired: not "expiring"
    assert services.standard_expiry_notify(actor=SYSTEM, today=TODAY) == 2
    assert {n.recipient for n in Notification.objects.all()} == {owner, colleague}
    assert Notification.objects.first().url == product.get_absolute_url()


def test_it_tells_once_per_standard_and_expiry_date(group, owner):
    product = ProductFactory(group=group)
    c = cert(product, 30)
    services.standard_expiry_notify(actor=SYSTEM, today=TODAY)
    assert services.standard_expiry_notify(actor=SYSTEM, today=TODAY + dt.timedelta(days=1)) == 0
    services.certification_update(actor=SYSTEM, certification=c, expires_on=TODAY + dt.timedelta(days=60))
    assert services.standard_expiry_notify(actor=SYSTEM, today=TODAY) == 1  # renewed: a new date
