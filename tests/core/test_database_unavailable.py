"""PostgreSQL unreachable: a clean 503 with Retry-After (Thai page, JSON under /api/), never a 500.
The real thing (a server restarted and stopped under load) is the drill tests/faults/test_postgres_restart.py;
here the error is raised where a dead server raises it, to pin each path of the handling."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def _server_gone(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_it_answers_a_thai_503_page_when_a_view_loses_the_database(client, monkeypatch, settings):
    from core.views import HomeView

    settings.DB_UNAVAILABLE_RETRY_AFTER = 12
    monkeypatch.setattr(HomeView, "get_context_data", _server_gone)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "12" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in html and 'lang="th"' in html and "12 วินาที" in html


def test_it_answers_json_under_the_api(api_for, monkeypatch):
    from products.api.views import ProductViewSet

    monkeypatch.setattr(
        ProductViewSet, "list", lambda *a, **kw: (_ for _ in ()).throw(InterfaceError("closed"))
    )
    response = api_for(None).get("/api/v1/products/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {"detail": "ระบบฐานข้อมูลขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่"}


def test_it_answers_503_when_a_middleware_loses_the_database(owner, monkeypatch):
    # The session is read by AuthenticationMiddleware before any view runs: handler500 answers the 503.
    from django.contrib.sessions.backends.db import SessionStore

    client = Client(raise_request_exception=False)
    client.force_login(owner)
    monkeypatch.setattr(SessionStore, "load", _server_gone)
    response = client.get("/me/")
    assert response.status_code == 503 and "ระบบขัดข้องชั่วคราว" in response.content.decode()


def test_other_errors_stay_a_500(monkeypatch):
    from core.views import HomeView

    monkeypatch.setattr(HomeView, "get_context_data", lambda *a, **kw: 1 / 0)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response


def test_the_503_page_is_rendered_without_the_database(django_assert_num_queries, rf):
    from core.middleware import database_unavailable_response

    with django_assert_num_queries(0):
        response = database_unavailable_response(rf.get("/products/"))
    assert response.status_code == 503
