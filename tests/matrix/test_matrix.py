"""The generated role × endpoint matrix (issue 13.2).

Operations come from the OpenAPI schema (every detail operation: GET, PUT, PATCH, DELETE and the
custom detail actions), pages from the URL map, files from every model's ``protected_file_fields``.
Each cell is (operation, role) and checks every world object of the operation's model
(tests/matrix/conftest.py); the expected answer comes from the permission layer itself:

- read: 200 when the object is in ``Model.objects.visible_to(user)``, 404 when not;
- write: 401 anonymous, 404 not visible, 403 visible but not in ``editable_by(user)`` — and the row is
  unchanged; an editable object is not refused (no 401/403/404, no 5xx);
- a role an endpoint refuses outright (the same 401/403 for an id that does not exist, so nothing
  about the object leaks) answers that code for every object it may not see or change;
- lists: every world object listed is visible, and (except the lists in LIST_SUBSET) every visible
  world object is listed;
- pages without an object in the URL (lists, dashboards, forms, the sitemap): no 5xx, and no link to
  the page or a /files/ URL of a world object the role may not see.

A new endpoint, page or file field is covered without writing any cell: the completeness tests fail
when an operation or page can be mapped to no model and is not in EXCEPTIONS below.

Known findings are in FINDINGS: such a cell must find exactly those discrepancies (then it is an
xfail naming them); if they are gone, the cell fails so the entry is removed (strict).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from .conftest import ROLES

# --- Every exception, with its reason -----------------------------------------------------------

# API operations (method, schema path) whose rule is legitimately not visible_to/editable_by.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/tourism/bookings/by-code/{code}/"):
        "a tourist's lookup by the unguessable code (and contact digits): not a per-user rule",
    ("POST", "/api/v1/events/{id}/register/"):
        "anyone who sees a published event may register (anonymous included): not editable_by",
    ("POST", "/api/v1/registrations/{id}/cancel/"):
        "the registrant cancels their own registration: a rule of the registration service",
    ("POST", "/api/v1/issues/{id}/comments/"):
        "partners of an assigned organisation comment without being able to edit the issue",
    ("POST", "/api/v1/issues/{id}/attachments/"):
        "partners of an assigned organisation attach files without being able to edit the issue",
    ("POST", "/api/v1/issues/{id}/transition/"):
        "the status flow decides who moves an issue (assigned partners included): campaigns.services",
    ("DELETE", "/api/v1/products/{id}/certifications/{certification_pk}/"):
        "two path parameters (a child row of the product): not one world object",
    ("DELETE", "/api/v1/products/{id}/photos/{photo_pk}/"):
        "two path parameters (a child row of the product): not one world object",
    ("GET", "/api/v1/products/{id}/assessments/"):
        "lists the product's assessments, whose own rule (Assessment.visible_to: the owning group and "
        "staff) is narrower than the product's",
    ("POST", "/api/v1/mentorships/{id}/sessions/"):
        "participants (mentor expert, mentor and mentee groups) log sessions: network's service rule, "
        "while editable_by (changing the pairing) is staff only",
    ("GET", "/api/v1/areas/districts/{code}/"): "reference data (Ang Thong's districts), public to all",
    ("GET", "/api/v1/areas/subdistricts/{code}/"): "reference data (sub-districts), public to all",
    ("GET", "/api/v1/quadrant-checklist/{number}/"): "reference data (the quadrant checklist), public to all",
}

# Pages (namespace:name) with an object in the URL that are not the object's page or a page under it.
PAGE_EXCEPTIONS: dict[str, str] = {
    "core:file": "covered by the /files/ cells",
    "core:notification_open": "the recipient opens their own notification (POST, marks it read); anyone "
                              "else's is a 404 (tests/core/test_notifications_pages.py)",
    "tourism:booking_status": "a tourist's status page by the unguessable code: not a per-user rule",
    "campaigns:go": "/go/<code> redirects for everyone (a tracked link), counted separately",
    "campaigns:link_qr": "a QR image by link code for staff (StaffRequiredMixin), not an object page",
    "campaigns:link_card": "a printable card by link code for staff (StaffRequiredMixin), like link_qr",
    "campaigns:order_contact": "a product's order contact redirect for everyone who sees the product "
                               "(products_visible_to), counted separately (tests/campaigns/test_attribution.py)",
    "evaluation:unit_detail": "a unit (group or community) chosen by type and id: evaluation's own rule",
    "evaluation:district_detail": "a district's evaluation drill-down by district code (reference data) for staff "
                                  "(StaffRequiredMixin; tests/evaluation/test_targets_pages.py)",
    "evaluation:target_history": "a district or unit target's history by level and id, for staff "
                                 "(StaffRequiredMixin; tests/evaluation/test_targets_pages.py)",
    "network:registration_cancel": "the registrant's own action (POST), not editable_by",
    "network:certificate": "a registrant's certificate: the registrant's and staff's, not visible_to",
    "network:event_register": "anyone who sees a published event may register: not editable_by",
    "products:skills": "a group's marketing checklist by group slug: products' page, rule of the group",
    "network:answer_accept": "the asker accepts an answer (POST): network.services rule",
    "network:answer_moderate": "staff moderation (POST) of an answer",
    "network:question_moderate": "staff moderation (POST) of a question",
    "benefits:agreement_ledger": "a read page under the agreement (its ledger): visible_to of the agreement "
                                 "and of each line, not editable_by (tests/benefits/test_views.py matrix)",
    "benefits:agreement_ledger_pdf": "the same ledger as a PDF: visible_to, not editable_by",
    "benefits:statement_pdf": "a beneficiary's statement as a PDF: visible_to, not editable_by",
    "tourism:manage_reseller": "a reseller's staff page (StaffRequiredMixin; Reseller is staff-only): "
                               "tests/tourism/octo/test_staff_pages.py",
}

# Read-only pages under an object's URL that everyone who sees the object may open (judged like the object
# page itself: 200 when visible, 404 when not), rather than as an edit page.
READ_SUBPAGES: dict[str, str] = {
    "wisdom:lineage": "what a wisdom record became: the public version for whoever sees the record, the full "
                      "one for its community and staff (tests/wisdom/test_lineage.py)",
}

# List endpoints that show a deliberate subset of what the user may see (the check is then only
# "nothing invisible is listed").
LIST_SUBSET: dict[str, str] = {}

# Known discrepancies found by this matrix: (kind, operation, role) -> {object key: what is wrong}.
FINDINGS: dict[tuple[str, str, str], dict[str, str]] = {}

MISSING = {"pk": 2147480000, "id": 2147480000, "slug": "mx-no-such-thing", "code": "MXNOSUCH", "number": 999}
REFUSED = (401, 403)
CHECKED: list[int] = []  # objects checked per cell, summed in the terminal summary (conftest.py)
REFUSED_OUTRIGHT: set[tuple[str, str]] = set()  # (operation, role) refused for every id, for the summary


# --- Collected at import: the schema's operations, the URL map's pages, the file fields -----------

def _api_endpoints() -> list[tuple[str, str, Any]]:
    from drf_spectacular.generators import SchemaGenerator

    gen = SchemaGenerator()
    gen._initialise_endpoints()
    return [(path, method, view) for path, _regex, method, view in gen._get_paths_and_endpoints()]


def _schema_operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops
            if m in ("get", "put", "patch", "delete", "post")}


ENDPOINTS = _api_endpoints()


def _view_for_collect(method: str, path: str) -> Any:
    return next((v for p, m, v in ENDPOINTS if p == path and m == method), None)


OPERATIONS = sorted(_schema_operations())
DETAIL_OPS = [(m, p) for m, p in OPERATIONS if "{" in p]
LIST_OPS = [p for m, p in OPERATIONS if m == "GET" and "{" not in p
            and getattr(_view_for_collect("GET", p), "action", None) == "list"]


def _view_for(method: str, path: str) -> Any:
    for p, m, view in ENDPOINTS:
        if p == path and m == method:
            return view
    raise LookupError(f"{method} {path} is in the schema but not in the URL map")


def _walk(patterns: Any, prefix: str = "", ns: str = "") -> Any:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}:{p.namespace}".strip(":") if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), f"{ns}:{p.name}".strip(":"), p


ALL_PAGES = sorted({(name, route, bool(p.pattern.regex.groupindex))
                    for route, name, p in _walk(get_resolver().url_patterns)
                    # /octo/ is the resellers' API, keyed by reseller not user: tests/tourism/octo
                    if not route.startswith(("admin/", "api/", "octo/"))})
PAGES = [(name, route) for name, route, has_kwargs in ALL_PAGES if has_kwargs]
PLAIN_PAGES = [(name, route) for name, route, has_kwargs in ALL_PAGES if not has_kwargs]


def _file_fields() -> list[tuple[str, str]]:
    from django.apps import apps

    return sorted((m._meta.label_lower, fld) for m in apps.get_models()
                  for fld in getattr(m, "protected_file_fields", ()))


FILE_FIELDS = _file_fields()


# --- Helpers ------------------------------------------------------------------------------------

def _api(world: Any, role: str) -> APIClient:
    c = APIClient()
    if world.users[role] is not None:
        c.force_authenticate(world.users[role])
    return c


def _visible(model: Any, user: Any, obj: Any) -> bool:
    return model._default_manager.visible_to(user or AnonymousUser()).filter(pk=obj.pk).exists()


def _editable(model: Any, user: Any, obj: Any) -> bool:
    return model._default_manager.editable_by(user or AnonymousUser()).filter(pk=obj.pk).exists()


def _model_of(method: str, path: str) -> Any:
    """The model behind an operation: the viewset's queryset, else its get_queryset() for a visitor."""
    view = _view_for(method, path)
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        from rest_framework.request import Request
        from rest_framework.test import APIRequestFactory

        request = Request(APIRequestFactory().get(path))
        request.user = AnonymousUser()
        view.request, view.kwargs, view.format_kwarg = request, {}, None
        model = view.get_queryset().model
    return model


def _row(model: Any, obj: Any) -> Any:
    return model._default_manager.filter(pk=obj.pk).values().first()


def _call(client: Any, method: str, url: str, watch: Any = None) -> Any:
    """One request inside a savepoint that is rolled back afterwards, so an allowed write changes
    nothing for the next cell. With ``watch`` (a callable), also returns what it reads before the
    rollback — the row as the request left it."""
    with transaction.atomic():
        kw = {"format": "json"} if isinstance(client, APIClient) and method != "GET" else {}
        data = {} if method in ("PUT", "PATCH", "POST") else None
        response = getattr(client, method.lower())(url, data, **kw) if data is not None \
            else getattr(client, method.lower())(url)
        seen = watch() if watch is not None else None
        transaction.set_rollback(True)
    return (response.status_code, seen) if watch is not None else response.status_code


def _judge(cell: tuple[str, str, str], problems: dict[str, str], checked: int) -> None:
    """Pass when nothing is wrong; xfail when exactly the known FINDINGS of the cell are found; fail
    otherwise (a new discrepancy, or a known one that is gone and should leave FINDINGS)."""
    CHECKED.append(checked)
    known = FINDINGS.get(cell, {})
    if set(problems) == set(known):
        if known:
            pytest.xfail("known findings: " + "; ".join(f"{k}: {v}" for k, v in sorted(known.items())))
        assert checked, f"{cell}: no world object checked"
        return
    if known and not problems:
        pytest.fail(f"{cell}: the known findings are gone — remove them from FINDINGS")
    pytest.fail(f"{cell}: " + "; ".join(f"{k}: {v}" for k, v in sorted(problems.items())))


def _lookup_value(view: Any, obj: Any) -> Any:
    field = getattr(view, "lookup_field", "pk")
    return obj.pk if field in ("pk", "id") else getattr(obj, field)


def _fill(path: str, value: Any) -> str:
    return re.sub(r"\{[^}]+\}", str(value), path, count=1)


# --- API detail operations ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), [op for op in DETAIL_OPS if op not in EXCEPTIONS])
def test_api_detail(world, db, method, path, role):
    view = _view_for(method, path)
    model = _model_of(method, path)
    objects = world.of_model(model)
    user = world.users[role]
    client = _api(world, role)
    lookup = getattr(view, "lookup_field", "pk")
    probe_url = _fill(path, MISSING.get(lookup, "mx-no-such"))
    probe: list[int] = []  # asked only when a refusal needs telling apart from a per-object answer
    problems: dict[str, str] = {}
    for key, obj in objects:
        visible, editable = _visible(model, user, obj), _editable(model, user, obj)
        before = _row(model, obj)
        got, after = _call(client, method, _fill(path, _lookup_value(view, obj)), lambda obj=obj: _row(model, obj))
        if got >= 500:
            problems[key] = f"got {got}"
            continue
        if got in REFUSED and not probe:
            probe.append(_call(client, method, probe_url))
        blanket = got in REFUSED and got == probe[0]
        if blanket:
            ok, expected = True, "refused outright"
            REFUSED_OUTRIGHT.add((f"{method} {path}", role))
        elif method == "GET":
            ok, expected = (got == 200, "200") if visible else (got == 404, "404")
        elif user is None:
            ok, expected = got == 401, "401"
        elif not visible:
            ok, expected = got == 404, "404"
        elif not editable:
            ok, expected = got == 403, "403"
        else:
            ok, expected = got not in (401, 403, 404), "not refused"
        if not ok:
            problems[key] = f"expected {expected}, got {got} (owner {world.owner[key]})"
        if method != "GET" and not (visible and editable) and after != before:
            problems[key] = f"refused write changed the row (got {got})"
    _judge(("api", f"{method} {path}", role), problems, len(objects))


def test_every_detail_operation_is_covered(world):
    """A new detail operation maps to a model the world has objects of, or is a named exception."""
    uncovered = []
    for method, path in DETAIL_OPS:
        if (method, path) in EXCEPTIONS:
            continue
        model = _model_of(method, path)
        if model is None or not world.of_model(model) or not hasattr(model._default_manager, "visible_to"):
            uncovered.append(f"{method} {path} ({model})")
    assert not uncovered, "operations without world objects or rules: " + ", ".join(uncovered)


# --- API lists ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", LIST_OPS)
def test_api_list(world, db, path, role):
    view = _view_for("GET", path)
    model = _model_of("GET", path)
    objects = world.of_model(model) if model is not None else []
    if not objects or not hasattr(model._default_manager, "visible_to"):
        pytest.skip(f"{path}: no world objects of {model}")
    response = _api(world, role).get(path, {"page_size": 200})
    if response.status_code in REFUSED:
        return  # the list refuses the role outright: nothing listed, nothing leaked
    assert response.status_code == 200, response.status_code
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    field = "id" if rows and "id" in rows[0] else getattr(view, "lookup_field", "pk")
    listed = {str(r.get(field)) for r in rows}
    problems = {}
    for key, obj in objects:
        value = str(obj.pk if field in ("id", "pk") else getattr(obj, field))
        visible = _visible(model, world.users[role], obj)
        if value in listed and not visible:
            problems[key] = f"listed but not visible (owner {world.owner[key]})"
        elif visible and value not in listed and path not in LIST_SUBSET:
            problems[key] = f"visible but not listed (owner {world.owner[key]})"
    _judge(("list", path, role), problems, len(objects))


# --- /files/ ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "field"), FILE_FIELDS)
def test_files(world, db, label, field, role):
    from django.apps import apps

    model = apps.get_model(label)
    objects = [(k, o) for k, o in world.of_model(model) if getattr(o, field)]
    assert objects, f"the world fills no {label}.{field}: add one to tests/matrix/conftest.py"
    client = world.page_clients[role]
    problems = {}
    for key, obj in objects:
        got = client.get(f"/files/{label}/{obj.pk}/{field}/").status_code
        expected = 200 if _visible(model, world.users[role], obj) else 404
        if got != expected:
            problems[key] = f"expected {expected}, got {got} (owner {world.owner[key]})"
    _judge(("file", f"{label}.{field}", role), problems, len(objects))


# --- HTML pages -----------------------------------------------------------------------------------

# Pages under an object whose route does not extend the object's own page (the coordinators' and
# staff's back-office pages): which model the URL names, and which attribute fills each URL part.
PAGE_MODELS: dict[str, tuple[str, dict[str, str]]] = {
    "tourism:manage_community": ("tourism.tourismcommunity", {"slug": "slug"}),
    "tourism:manage_program_create": ("tourism.tourismcommunity", {"slug": "slug"}),
    "tourism:manage_activity_create": ("tourism.tourismcommunity", {"slug": "slug"}),
    "tourism:manage_program_edit": ("tourism.program", {"program": "slug"}),
    "tourism:manage_activity_edit": ("tourism.activity", {"pk": "pk"}),
    "tourism:manage_booking_detail": ("tourism.booking", {"pk": "pk"}),
    "products:stage_update": ("products.stagerecord", {"pk": "pk"}),
    "evaluation:action_status": ("evaluation.improvementaction", {"pk": "pk"}),
    "campaigns:support_edit": ("campaigns.support", {"pk": "pk"}),
    # The breakdown page of a product-sales income record: exactly the rule of its lines.
    "evaluation:income_products": ("evaluation.productsale", {"pk": "income_record_id"}),
    # A holder's consent page: exactly the rule of the holder's consent periods (staff, own community).
    "wisdom:holder_consent": ("wisdom.holderconsent", {"pk": "holder_id"}),
}


def _page_models(world: Any) -> dict[str, tuple[Any, bool, dict[str, str]]]:
    """namespace:name -> (model, is the object's own page, URL part -> attribute). Found through the
    world's objects' get_absolute_url (the object page and every page whose route extends it), then
    PAGE_MODELS."""
    from django.apps import apps

    cached = getattr(world, "_page_models", None)
    if cached is not None:
        return cached
    routes = dict(PAGES)
    detail: dict[str, tuple[Any, str, dict[str, str]]] = {}
    for obj in world.objects.values():
        try:
            match = resolve(obj.get_absolute_url())
        except (AttributeError, NoReverseMatch):
            continue
        if match.view_name in routes and match.view_name not in detail:
            attrs = {k: "pk" if str(v) == str(obj.pk) else k for k, v in match.kwargs.items()}
            if all(a == "pk" or str(getattr(obj, a, None)) == str(v) for (k, v), a in
                   zip(match.kwargs.items(), attrs.values(), strict=True)):
                detail[match.view_name] = (type(obj), routes[match.view_name], attrs)
    mapped: dict[str, tuple[Any, bool, dict[str, str]]] = {}
    for name, route in PAGES:
        for dname, (model, droute, attrs) in detail.items():
            if route.startswith(droute) and sorted(re.findall(r"<(?:\w+:)?(\w+)>", route)) == sorted(attrs):
                mapped[name] = (model, name == dname, attrs)
    for name, (label, attrs) in PAGE_MODELS.items():
        mapped[name] = (apps.get_model(label), False, attrs)
    world._page_models = mapped
    return mapped


def _page_method(name: str, url: str) -> str:
    view_class = getattr(resolve(url).func, "view_class", None)
    return "GET" if view_class is None or hasattr(view_class, "get") else "POST"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), [p for p in PAGES if p[0] not in PAGE_EXCEPTIONS])
def test_page(world, db, name, route, role):
    from django.urls import reverse

    mapped = _page_models(world).get(name)
    if mapped is None:
        pytest.fail(f"page {name} ({route}) maps to no world model: add an object or a PAGE_EXCEPTIONS entry")
    model, is_object_page, attrs = mapped
    is_object_page = is_object_page or name in READ_SUBPAGES
    user = world.users[role]
    client = world.page_clients[role]
    objects = world.of_model(model)
    probe_url = reverse(name, kwargs={k: MISSING["pk"] if a == "pk" or a.endswith("_id") else "mx-no-such"
                                      for k, a in attrs.items()})
    method = _page_method(name, probe_url)
    probe: list[int] = []
    problems = {}
    for key, obj in objects:
        url = reverse(name, kwargs={k: getattr(obj, a) for k, a in attrs.items()})
        visible, editable = _visible(model, user, obj), _editable(model, user, obj)
        before = _row(model, obj)
        got, after = _call(client, method, url, lambda obj=obj: _row(model, obj))
        if got in (302, 401, 403) and not probe:
            probe.append(_call(client, method, probe_url))
        blanket = got in (302, 401, 403) and got == probe[0]
        if got >= 500:
            ok, expected = False, "no 5xx"
        elif blanket:
            ok, expected = True, "refused outright"
            REFUSED_OUTRIGHT.add((f"{method} {name}", role))
        elif not visible:
            ok, expected = got == 404, "404"
        elif is_object_page:
            ok, expected = got == 200, "200"
        elif not editable:
            ok, expected = got == 403 or (user is None and got == 302), "403 (anonymous: the login page)"
        else:
            ok, expected = got not in (403, 404), "not refused"
        if not ok:
            problems[key] = f"{method} expected {expected}, got {got} (owner {world.owner[key]})"
        if method == "POST" and not (visible and editable) and after != before:
            problems[key] = f"refused POST changed the row (got {got})"
    _judge(("page", name, role), problems, len(objects))


# Pages without an object in the URL that are not plain GET pages.
PLAIN_PAGE_EXCEPTIONS: dict[str, str] = {
    "logout": "POST only (logs the user out)",
    "set_language": "POST only (Django's language switch)",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), [p for p in PLAIN_PAGES if p[0] not in PLAIN_PAGE_EXCEPTIONS])
def test_page_links_only_visible_objects(world, db, name, route, role):
    """Every page without an object in its URL (lists, dashboards, forms, the sitemap): no 5xx, and it
    links no object page and no /files/ URL of a world object the role may not see."""
    from django.urls import reverse

    response = world.page_clients[role].get(reverse(name))
    assert response.status_code < 500, response.status_code
    content = b"".join(response) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    hidden = _hidden_urls(world, role)
    problems = {}
    for key, url in hidden:
        if f'"{url}"' in text or f"'{url}'" in text or f">{url}<" in text:
            problems[key] = f"{url} appears (owner {world.owner[key]})"
    _judge(("plain page", name, role), problems, len(hidden) or 1)


def _hidden_urls(world: Any, role: str) -> list[tuple[str, str]]:
    """(key, URL) of the object pages and /files/ URLs of the world objects `role` may not see."""
    from core.files import file_url

    cache = world.__dict__.setdefault("_hidden_urls", {})
    if role not in cache:
        hidden = []
        for key, obj in world.objects.items():
            model = type(obj)
            if not hasattr(model._default_manager, "visible_to") or _visible(model, world.users[role], obj):
                continue
            urls = [file_url(obj, fld) for fld in getattr(model, "protected_file_fields", ())]
            try:
                urls.append(obj.get_absolute_url())
            except (AttributeError, NoReverseMatch):
                pass
            hidden += [(key, url) for url in urls if url]
        cache[role] = hidden
    return cache[role]


def test_exceptions_name_existing_operations_and_pages():
    """No stale entry: every exception names an operation in the schema or a page in the URL map."""
    pages = {name for name, _route, _kw in ALL_PAGES}
    assert not set(EXCEPTIONS) - set(OPERATIONS)
    assert not (set(PAGE_EXCEPTIONS) | set(PLAIN_PAGE_EXCEPTIONS) | set(PAGE_MODELS)) - pages
    assert not set(LIST_SUBSET) - set(LIST_OPS)


# --- The matrix catches what it is for ------------------------------------------------------------

def test_matrix_catches_a_read_leak(world, db, monkeypatch):
    """An API detail that ignores visible_to (every product for everyone) fails its cells."""
    view_class = type(_view_for("GET", "/api/v1/products/{id}/"))
    model = _model_of("GET", "/api/v1/products/{id}/")
    monkeypatch.setattr(view_class, "get_queryset", lambda self: model._default_manager.all())
    with pytest.raises(pytest.fail.Exception, match=r"product:A:draft: expected 404, got 200"):
        test_api_detail(world, db, "GET", "/api/v1/products/{id}/", "anonymous")
    with pytest.raises(pytest.fail.Exception, match=r"product:A:draft: listed but not visible"):
        test_api_list(world, db, "/api/v1/products/", "producer_b")


def test_matrix_catches_a_write_by_a_non_editor(world, db, monkeypatch):
    """A viewset that skips the editable_by check and writes without a service's own check lets
    another group's producer change a product: the cell fails (a 2xx where a 403 belongs)."""
    from rest_framework.generics import GenericAPIView

    from core import permissions

    view_class = type(_view_for("PATCH", "/api/v1/products/{id}/"))
    model = _model_of("PATCH", "/api/v1/products/{id}/")

    def careless_update(*, actor, product, **data):
        model._default_manager.filter(pk=product.pk).update(name_th="เปลี่ยนโดยคนนอก")
        return product

    monkeypatch.setattr(permissions.ScopedViewSetMixin, "get_object", GenericAPIView.get_object)
    monkeypatch.setattr(view_class, "update_service", staticmethod(careless_update))
    with pytest.raises(pytest.fail.Exception, match=r"product:A:published: refused write changed the row"):
        test_api_detail(world, db, "PATCH", "/api/v1/products/{id}/", "producer_b")


def test_matrix_catches_a_file_leak(world, db, monkeypatch):
    """/files/ serving an object the user may not see fails the file cell."""
    from core import files

    monkeypatch.setattr(files.permissions, "get_visible_or_404",
                        lambda qs, user, **lookup: qs._default_manager.get(**lookup))
    with pytest.raises(pytest.fail.Exception, match=r"productphoto:A:draft: expected 404, got 200"):
        test_files(world, db, "products.productphoto", "image", "anonymous")


def test_link_check_sees_links_as_pages_write_them(world, db):
    """The plain-page check would see a leaked link: group A's draft product is hidden from producer B
    and its link appears, in the searched form, on producer A's own product page."""
    from django.urls import reverse

    draft = world.objects["product:A:draft"]
    url = draft.get_absolute_url()
    assert ("product:A:draft", url) in _hidden_urls(world, "producer_b")
    text = world.page_clients["producer_a"].get(reverse("products:mine")).content.decode()
    assert f'"{url}"' in text
