"""The page benchmark's URLconf (bench/_pages_urls.py): the bare view answers "ok" through the portal's
middleware, and the portal's own pages and handlers are all still there beside it."""

import sys
from pathlib import Path

import pytest

from tests.factories.tourism import ProgramFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages_urls(settings):
    settings.ROOT_URLCONF = "_pages_urls"


def test_it_answers_ok_from_the_bare_view_through_the_middleware(pages_urls, client):
    response = client.get("/__bare__/")
    assert response.status_code == 200
    assert response.content == b"ok"
    # The portal's middleware ran: its security headers are on the bare answer too.
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_it_keeps_the_portals_pages_and_error_handler(pages_urls, client):
    program = ProgramFactory(title_th="โปรแกรมวัดผลหน้าเว็บ")
    response = client.get(f"/tourism/programs/{program.slug}/")
    assert response.status_code == 200
    assert "โปรแกรมวัดผลหน้าเว็บ" in response.content.decode()
    assert client.get("/api/v1/tourism/programs/").status_code == 200
    assert client.get("/tourism/programs/no-such-program/").status_code == 404
    import _pages_urls

    assert _pages_urls.handler500 == "core.views.server_error"
