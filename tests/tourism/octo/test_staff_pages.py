"""Staff manage resellers, the programs opened to them and their keys; nobody else may."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from tourism.models import Reseller, ResellerKey
from tourism.octo import services as octo_services

from .conftest import Octo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["anonymous", "owner", "outsider", "partner", "expert"])
def test_only_staff_reach_the_reseller_pages(users, client_for, reseller, role):
    client = client_for(users[role])
    for url in [reverse("tourism:manage_resellers"), reverse("tourism:manage_reseller", args=[reseller.pk])]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        response = client.post(url, {"action": "create_key"})
        assert response.status_code in (302, 403)
    assert not ResellerKey.objects.filter(reseller=reseller).exists()


def test_staff_add_a_reseller_open_programs_and_give_it_a_key_shown_once(client_for, staff, program, client):
    page = client_for(staff)
    assert page.get(reverse("tourism:manage_resellers")).status_code == 200
    response = page.post(
        reverse("tourism:manage_resellers"),
        {
            "name": "GetYourGuide TH",
            "contact_email": "supply@gyg.test",
            "active": "on",
            "programs": [program.pk],
        },
    )
    reseller = Reseller.objects.get(name="GetYourGuide TH")
    assert response.status_code == 302 and list(reseller.programs.all()) == [program]

    url = reverse("tourism:manage_reseller", args=[reseller.pk])
    shown = page.post(url, {"action": "create_key", "label": "production"})
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    raw = re.search(r"octo_[A-Za-z0-9_\-]{20,}", shown.content.decode()).group(0)
    assert raw not in page.get(url).content.decode()  # never shown again
    key = ResellerKey.objects.get(reseller=reseller)
    assert key.label == "production" and key.key_hash != raw

    octo = Octo(client, raw)
    assert [p["id"] for p in octo.get("products").json()] == [str(program.pk)]

    assert page.post(url, {"action": "revoke_key", "key": key.pk}).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert octo.get("products").status_code == 403


def test_staff_close_a_program_to_a_reseller(client_for, staff, reseller, program, octo):
    page = client_for(staff)
    response = page.post(
        reverse("tourism:manage_reseller", args=[reseller.pk]),
        {"action": "update", "name": reseller.name, "active": "on"},
    )  # no program ticked
    assert response.status_code == 302
    assert octo.get("products").json() == []
    assert octo.get(f"products/{program.pk}").json()["error"] == "INVALID_PRODUCT_ID"


def test_a_reseller_needs_a_unique_name(client_for, staff, reseller):
    response = client_for(staff).post(reverse("tourism:manage_resellers"), {"name": reseller.name})
    assert response.status_code == 400
    assert Reseller.objects.filter(name=reseller.name).count() == 1


def test_revoking_a_key_of_another_reseller_through_the_page_is_a_404(
    client_for, staff, reseller, other_reseller
):
    key, _raw = octo_services.reseller_key_create(actor=SYSTEM, reseller=other_reseller)
    response = client_for(staff).post(
        reverse("tourism:manage_reseller", args=[reseller.pk]), {"action": "revoke_key", "key": key.pk}
    )
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.mark.parametrize("role", ["owner", "outsider", "partner", "expert"])
def test_only_staff_may_call_the_reseller_services(users, reseller, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        octo_services.reseller_key_create(actor=users[role], reseller=reseller)
    with pytest.raises(PermissionDenied):
        octo_services.reseller_create(actor=users[role], name="x")


def test_the_admin_lists_resellers_for_staff(client_for, staff, reseller):
    response = client_for(staff).get(reverse("admin:tourism_reseller_change", args=[reseller.pk]))
    assert response.status_code == 200


def test_the_coordinators_list_names_the_reseller(client_for, staff, octo, program):
    octo.reserve(program, resellerReference="KL-77")
    response = client_for(staff).get(reverse("tourism:manage_bookings"))
    assert "Klook Test" in response.content.decode()


def test_the_bookings_page_links_staff_to_the_resellers(client_for, staff, owner):
    link = reverse("tourism:manage_resellers")
    assert link in client_for(staff).get(reverse("tourism:manage_bookings")).content.decode()
    assert link not in client_for(owner).get(reverse("tourism:manage_bookings")).content.decode()
