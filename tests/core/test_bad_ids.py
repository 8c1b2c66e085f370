"""Malformed ids posted to forms are a 404, never a 500 (core.permissions.get_or_404)."""

import pytest

from tests.factories.products import ProductFactory
from tests.factories.tourism import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["abc", "1e3", "", "999999"])
def test_product_photo_and_standard_operations(client_for, owner, group, bad):
    product = ProductFactory(group=group)
    c = client_for(owner)
    assert c.post(f"/products/{product.slug}/photos/", {"op": "delete", "photo": bad}).status_code == 404
    assert c.post(f"/products/{product.slug}/standards/", {"op": "delete", "certification": bad}).status_code == 404


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_community_photo_delete(client_for, owner, bad):
    community = CommunityFactory()
    community.coordinators.add(owner)
    response = client_for(owner).post(f"/tourism/manage/communities/{community.slug}/",
                                      {"action": "delete_photo", "photo": bad})
    assert response.status_code == 404
