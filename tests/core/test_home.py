"""The home page: Ang Thong's identity, featured programs, products by category, wisdom,
upcoming events and fairs, the communities map, and the search box."""

import pytest

from tests.factories.products import ProductFactory
from tests.factories.tourism import CommunityFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_it_shows_every_public_part(client):
    ProgramFactory(title_th="หนึ่งวันกับตุ๊กตาชาววัง")
    ProductFactory(name_th="กลองยาวเอกราช", status="published", product_type="household")
    CommunityFactory(name_th="ชุมชนบ้านเพชร", lat=14.769, lng=100.248)
    page = client.get("/").content.decode()
    assert "หนึ่งวันกับตุ๊กตาชาววัง" in page
    assert "กลองยาวเอกราช" in page and "product_type=household" in page  # products by category
    assert "ชุมชนบ้านเพชร" in page and 'id="communities-map-data"' in page  # map with its readable list
    assert 'name="q"' in page and "/search/" in page
    assert 'property="og:title"' in page


def test_an_empty_portal_still_has_a_home_page(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Creative OTOP" in page.content.decode()


def test_the_home_page_keeps_a_constant_number_of_queries(client, assert_constant_queries):
    for _ in range(3):
        ProgramFactory()
        ProductFactory(status="published")

    def grow():
        for _ in range(27):
            ProgramFactory()
            ProductFactory(status="published")

    assert_constant_queries(lambda: client.get("/"), grow)
