"""OCTO test helpers: a reseller with a key, programs opened to it, and a JSON client."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest

from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tourism.octo import services as octo_services

DAY = datetime.date.today() + datetime.timedelta(days=14)


def avail_id(day=DAY, time="09:00"):
    """The availability id of a START_TIME program (first activity 09:00) or, time=None, OPENING_HOURS."""
    return f"{day.isoformat()}T{time or '00:00'}:00+07:00"


class Octo:
    """A reseller's view of /octo/: every call sends its key (or the one given)."""

    def __init__(self, client, key):
        self.client, self.key = client, key

    def _headers(self, key, capabilities, language):
        headers = {}
        key = self.key if key is ... else key
        if key is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        if capabilities:
            headers["HTTP_OCTO_CAPABILITIES"] = capabilities
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        return headers

    def get(self, path, *, key=..., capabilities="", language="", **params):
        return self.client.get(f"/octo/{path}", params, **self._headers(key, capabilities, language))

    def post(self, path, body=None, *, key=..., capabilities="", language="", raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            f"/octo/{path}",
            data=data,
            content_type="application/json",
            **self._headers(key, capabilities, language),
        )

    def reserve(self, program, *, units=("adult", "adult"), availability=None, booking_uuid=None, **extra):
        body = {
            "uuid": str(booking_uuid or uuid.uuid4()),
            "productId": str(program.pk),
            "optionId": "DEFAULT",
            "availabilityId": availability or avail_id(),
            "unitItems": [{"unitId": u} for u in units],
            **extra,
        }
        return self.post("bookings", body)

    def confirm(self, booking_uuid, **extra):
        body = {
            "contact": {
                "fullName": "Jane Traveller",
                "emailAddress": "jane@example.com",
                "phoneNumber": "+44 20 7946 0958",
                "locales": ["en-GB"],
            },
            **extra,
        }
        return self.post(f"bookings/{booking_uuid}/confirm", body)


@pytest.fixture
def reseller(db, program):
    reseller = octo_services.reseller_create(
        actor=SYSTEM, name="Klook Test", contact_email="ops@klook.test", programs=[program]
    )
    return reseller


@pytest.fixture
def reseller_key(reseller):
    return octo_services.reseller_key_create(actor=SYSTEM, reseller=reseller)[1]


@pytest.fixture
def program(db):
    """START_TIME (itinerary starts 09:00), groups of 2-10, 10 places a day, 500 baht a person."""
    return ProgramFactory()


@pytest.fixture
def octo(client, reseller_key):
    return Octo(client, reseller_key)


@pytest.fixture
def other_reseller(db, program):
    return octo_services.reseller_create(actor=SYSTEM, name="Other Seller", programs=[program])


@pytest.fixture
def other_octo(client, other_reseller):
    return Octo(client, octo_services.reseller_key_create(actor=SYSTEM, reseller=other_reseller)[1])
