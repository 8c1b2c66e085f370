"""/octo/ is documented by its own OpenAPI document, and /api/schema/ stays /api/v1/ only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

OCTO_OPERATIONS = {
    ("get", "/octo/supplier"),
    ("get", "/octo/products"),
    ("get", "/octo/products/{product_id}"),
    ("post", "/octo/availability"),
    ("post", "/octo/availability/calendar"),
    ("get", "/octo/bookings"),
    ("post", "/octo/bookings"),
    ("get", "/octo/bookings/{uuid}"),
    ("delete", "/octo/bookings/{uuid}"),
    ("post", "/octo/bookings/{uuid}/confirm"),
    ("post", "/octo/bookings/{uuid}/extend"),
    ("post", "/octo/bookings/{uuid}/cancel"),
}


def _paths(document):
    return {
        (method, path.rstrip("/").replace("/?", ""))
        for path, ops in document["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_the_octo_schema_documents_every_octo_operation(client):
    response = client.get("/octo/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert "OCTO" in document["info"]["title"]
    assert _paths(document) == OCTO_OPERATIONS
    booking = document["components"]["schemas"]["Booking"]["properties"]
    assert {
        "uuid",
        "supplierReference",
        "resellerReference",
        "status",
        "utcExpiresAt",
        "unitItems",
        "contact",
        "availabilityId",
    } <= set(booking)
    assert document["components"]["schemas"]["Error"]["properties"]["error"]["enum"]


def test_the_portal_schema_leaves_octo_out(client):
    document = client.get("/api/schema/", {"format": "json"}).json()
    assert document["paths"] and all(path.startswith("/api/") for path in document["paths"])
