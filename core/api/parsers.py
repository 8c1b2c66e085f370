"""The API's JSON parser: plain JSON, with limits that keep a hostile body from becoming a 500.

- nesting deeper than MAX_DEPTH (a 5,000-level body would exhaust Python's recursion limit);
- a NUL character in any string (PostgreSQL text cannot store it);
- a string longer than MAX_TEXT_LENGTH (no field of the portal needs more).
Both are a 400 with a clear message (the request size itself is capped by DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MAX_DEPTH = 32


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays/objects in a JSON text, counted without parsing it
    (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def _has_nul(value: Any) -> bool:
    return _first_bad_string(value, lambda text: "\x00" in text)


def _too_long(value: Any) -> bool:
    limit = settings.MAX_TEXT_LENGTH
    return _first_bad_string(value, lambda text: len(text) > limit)


def _first_bad_string(value: Any, bad: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if bad(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError("ข้อมูล JSON ไม่ถูกต้อง (รหัสอักขระ)") from exc
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(f"ข้อมูล JSON ซ้อนกันลึกเกินไป (สูงสุด {MAX_DEPTH} ชั้น)")
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise ParseError(f"ข้อมูล JSON ไม่ถูกต้อง: {exc}") from exc
        if _has_nul(data):
            raise ParseError("ข้อมูลที่ส่งมามีอักขระที่ระบบไม่รับ (NUL)")
        if _too_long(data):
            raise ParseError(f"ข้อความยาวเกิน {settings.MAX_TEXT_LENGTH:,} ตัวอักษร")
        return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _check_form_values(data: Any) -> None:
    values = []
    for key in data:
        values.append(key)
        values.extend(data.getlist(key) if hasattr(data, "getlist") else [data[key]])
    if any(isinstance(v, str) and "\x00" in v for v in values):
        raise ParseError("ข้อมูลที่ส่งมามีอักขระที่ระบบไม่รับ (NUL)")
    if any(isinstance(v, str) and len(v) > settings.MAX_TEXT_LENGTH for v in values):
        raise ParseError(f"ข้อความยาวเกิน {settings.MAX_TEXT_LENGTH:,} ตัวอักษร")


class SafeFormParser(FormParser):
    """Form bodies of PUT/PATCH (POST ones are also checked by core.middleware): no NUL, no over-long text."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _check_form_values(data)
        return data


class SafeMultiPartParser(MultiPartParser):
    """Multipart bodies of any method: no NUL, no over-long text in the fields (files are checked apart)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        _check_form_values(result.data)
        return result
