"""A field the API does not take is a 400 naming it, before anything is written — on every write (issue 13.1).

Generated from the OpenAPI schema: every POST, PUT and PATCH operation (CRUD writes and every workflow
``@action``: submit, verify, publish, send-back, register, confirm, transition, report requests …) is sent,
as a staff officer on the seeded rows (tests/api/seed.py), a valid-looking body built from its documented
request schema plus ``"zz_unknown": 1``. The answer must be a 400 whose JSON names ``zz_unknown``, and the
transaction must have written nothing (PostgreSQL's own counters of inserted, updated and deleted rows in
the current transaction, ``pg_stat_xact_user_tables``), so the check provably runs before the write.
A new action is in the schema as soon as it is routed, so it is covered without anyone listing it.
The mechanism: core.api.inputs (action inputs) and core.permissions.RejectUnknownFieldsMixin (CRUD).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient

from tests.api.seed import BOOKING_CODE, SLUG

UNKNOWN = "zz_unknown"
WRITES = ("post", "put", "patch")


def _document() -> dict[str, Any]:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))


DOCUMENT = _document()
OPERATIONS = sorted(
    (method.upper(), path)
    for path, operations in DOCUMENT["paths"].items()
    for method in operations
    if method in WRITES
)


def _path(path: str) -> str:
    """The path with its parameters set to seeded rows (id 1, slug "fuzz", booking code FUZZ1)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "slug":
            return SLUG
        if name == "code":
            return BOOKING_CODE if "/bookings/" in path else "1503"
        return "1"

    return re.sub(r"\{(\w+)\}", value, path)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


_STRINGS = {
    "date": "2027-01-15",
    "date-time": "2027-01-15T09:00:00+07:00",
    "email": "zz@example.com",
    "uri": "https://example.com/",
    "time": "09:00:00",
    "decimal": "1.00",
}


def _example(schema: dict[str, Any]) -> Any:
    """A plausible value for `schema`: its example, default or first choice, else one of its type."""
    schema = _resolve(schema)
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    if schema.get("enum"):
        return next(v for v in schema["enum"] if v is not None)
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            return _example(schema[key][0])
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _example(schema["properties"][name])
            for name in schema.get("required", [])
            if name in schema.get("properties", {})
        }
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if schema.get("format") == "binary":
        return SimpleUploadedFile("zz.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    return _STRINGS.get(schema.get("format", ""), "x")


def _request(method: str, path: str) -> tuple[dict[str, Any], str]:
    """(a valid-looking body with the unknown field, the format to send it in)."""
    content = DOCUMENT["paths"][path][method.lower()].get("requestBody", {}).get("content", {})
    body: dict[str, Any] = {}
    media = "application/json"
    if content:
        media = "application/json" if "application/json" in content else next(iter(content))
        body = _example(content[media]["schema"])
        if any(isinstance(v, SimpleUploadedFile) for v in body.values()) and "multipart/form-data" in content:
            media = "multipart/form-data"
            body = _example(content[media]["schema"])
    return {**body, UNKNOWN: 1}, ("json" if media == "application/json" else "multipart")


def _rows_written() -> int:
    """Rows inserted, updated or deleted so far in this transaction (every table of the database)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
        )
        return int(cursor.fetchone()[0])


@pytest.fixture
def staff_client(fuzz_data):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_data['staff_token']}")
    return client


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_it_refuses_an_unknown_field_before_writing(method, path, staff_client, db):
    body, fmt = _request(method, path)
    before = _rows_written()
    response = getattr(staff_client, method.lower())(_path(path), body, format=fmt)
    assert _rows_written() == before, f"{method} {path} wrote rows before refusing the unknown field"
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert UNKNOWN in response.json(), response.json()


# --- The harness itself -------------------------------------------------------


def test_it_walks_every_write_of_the_api():
    """The walk finds the CRUD writes and the workflow actions of every app."""
    labels = {f"{m} {p}" for m, p in OPERATIONS}
    assert len(labels) > 60
    for expected in (
        "POST /api/v1/wisdom/{id}/send-back/",
        "POST /api/v1/tourism/bookings/{id}/confirm/",
        "POST /api/v1/issues/{id}/transition/",
        "POST /api/v1/evaluation/reports/",
        "POST /api/v1/events/{id}/register/",
        "POST /api/v1/products/{id}/publish/",
        "PATCH /api/v1/products/{id}/",
        "POST /api/v1/auth/token/",
    ):
        assert expected in labels


def test_the_probe_sees_a_write(staff_client, db):
    """_rows_written moves when a request writes, so an unchanged count means nothing was written."""
    before = _rows_written()
    response = staff_client.patch("/api/v1/products/1/", {"description": "ใหม่"}, format="json")
    assert response.status_code == 200, response.content[:300]
    assert _rows_written() > before


def test_a_step_without_a_body_still_runs_with_an_empty_one(staff_client, db):
    """NoInput refuses fields, not the step: publish with no body (or {}) works."""
    assert staff_client.post("/api/v1/products/1/unpublish/").status_code == 200
    response = staff_client.post("/api/v1/products/1/publish/", {}, format="json")
    assert response.status_code == 200, response.content[:300]
    assert response.json() == {"status": "published"}


def test_a_known_field_in_a_form_body_is_kept_and_an_unknown_one_named(staff_client, db):
    """Form and multipart bodies go through the same check as JSON (the unknown field is named)."""
    response = staff_client.post(
        "/api/v1/wisdom/1/send-back/", {"comment": "แก้ไข", "commnet": "x"}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["commnet"]
    assert response.json()["commnet"] == ["ไม่มีฟิลด์นี้ในข้อมูลที่ส่งได้"]
