"""The OCTO lists keep a constant number of queries as products and bookings grow."""

from __future__ import annotations

import uuid

import pytest

from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tourism.octo import services as octo_services

from .conftest import DAY, avail_id

pytestmark = pytest.mark.django_db


def test_products_list_queries_are_constant(octo, reseller, assert_constant_queries):
    reseller.programs.add(*[ProgramFactory() for _i in range(2)])

    def fetch():
        response = octo.get("products", capabilities="octo/content,octo/pricing")
        assert response.status_code == 200

    assert_constant_queries(fetch, lambda: reseller.programs.add(*[ProgramFactory() for _i in range(10)]))


def test_bookings_list_queries_are_constant(octo, reseller, program, assert_constant_queries):
    program.daily_capacity = program.max_group_size = 30
    program.save()

    def book(n):
        for _i in range(n):
            octo_services.octo_reserve(
                actor=SYSTEM,
                reseller=reseller,
                program=program,
                uuid=uuid.uuid4(),
                availability_id=avail_id(),
                unit_items=[{"unitId": "adult"}] * 2,
            )

    book(3)

    def fetch():
        response = octo.get("bookings", localDate=DAY.isoformat(), capabilities="octo/content")
        assert response.status_code == 200

    assert_constant_queries(fetch, lambda: book(10))
