"""Every public product, program, wisdom and event page carries Open Graph and Twitter card
tags and share buttons, so that links shared on Facebook, LINE and X look right."""

import html
import re

import pytest

from tests.factories.campaigns import published_event, published_product, published_program, published_wisdom


def _meta(content: str, attr: str, name: str) -> str | None:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', content)
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def published(group):
    return {
        "product": (published_product(group), "ตุ๊กตาชาววังชุดรำไทย"),
        "program": (published_program(), "หนึ่งวันที่บางเสด็จ"),
        "wisdom": (published_wisdom(), "การปั้นตุ๊กตาชาววัง"),
        "event": (published_event(), "อบรมการถ่ายภาพสินค้า"),
    }


@pytest.mark.parametrize("kind", ["product", "program", "wisdom", "event"])
def test_it_puts_open_graph_and_twitter_tags_on_public_detail_pages(kind, published, client):
    obj, title = published[kind]
    url = obj.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert title in _meta(content, "property", "og:title")
    assert _meta(content, "property", "og:type") in ("website", "article", "product", "event")
    assert _meta(content, "property", "og:url") == f"http://testserver{url}"
    assert _meta(content, "property", "og:site_name")
    assert _meta(content, "property", "og:description") is not None
    assert _meta(content, "name", "twitter:card") in ("summary", "summary_large_image")
    assert title in _meta(content, "name", "twitter:title")
    image = _meta(content, "property", "og:image")
    if image is not None:
        assert image.startswith("http://testserver/") or image.startswith("https://")
        assert _meta(content, "name", "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("kind", ["product", "program", "wisdom", "event"])
def test_it_puts_share_buttons_on_public_detail_pages(kind, published, client):
    obj, _ = published[kind]
    content = client.get(obj.get_absolute_url()).content.decode()
    assert "facebook.com/sharer/sharer.php?u=" in content
    assert "social-plugins.line.me/lineit/share?url=" in content
    assert "twitter.com/intent/tweet?url=" in content
    assert "data-copy-link=" in content


def test_it_escapes_titles_inside_the_tags(group, client):
    product = published_product(group, name_th='ตุ๊กตา "พิเศษ" <b>ใหม่</b>', slug="special-doll")
    content = client.get(product.get_absolute_url()).content.decode()
    assert '<b>ใหม่</b>"' not in content
    assert 'content="ตุ๊กตา "พิเศษ"' not in content
