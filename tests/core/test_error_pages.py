"""The portal's own Thai 404/403/500 pages (issue #15 item 6): what `make run` shows, never Django's
technical pages, which appear only when DEBUG=true is set explicitly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _debug_of_settings(**env) -> str:
    """settings.DEBUG in a fresh process with the base settings, an empty .env and `env`."""
    environ = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environ.update(DJANGO_SETTINGS_MODULE="otop_portal.settings.base", ENV_FILE=os.devnull, **env)
    code = "import django; from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert _debug_of_settings() == "False"
    assert _debug_of_settings(DEBUG="true") == "True"


def test_an_unknown_booking_code_is_the_thai_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/tourism/bookings/NOSUCHCODE/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>ไม่พบหน้าที่ต้องการ</h1>" in html and 'lang="th"' in html
    assert 'href="/static/css/portal.css"' in html or "portal." in html  # the portal's own layout
    assert (
        "Page not found" not in html and "URLconf" not in html and "tourism/bookings/<str:code>/" not in html
    )


def test_a_page_only_staff_may_see_is_the_thai_403_page(client_for, owner, settings):
    settings.DEBUG = False
    response = client_for(owner).get("/evaluation/reports/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "คุณไม่มีสิทธิ์เข้าถึงหน้านี้" in html and "403 Forbidden" not in html


def test_an_error_is_the_thai_500_page_without_the_traceback(settings, monkeypatch):
    from core.views import HomeView

    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง" in html and "something broke" not in html
    assert "Traceback" not in html
