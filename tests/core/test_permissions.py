"""Each role against each endpoint and page of the shared core, including other groups' objects."""

import pytest

from core.models import GroupMembership, ProducerGroup, User

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert"]


def _expect(allowed_roles, role, ok, denied):
    return ok if role in allowed_roles else denied


@pytest.mark.parametrize("role", ROLES)
def test_api_reads(api_for, users, group, role):
    api = api_for(users[role])
    assert api.get("/api/v1/areas/districts/").status_code == 200
    assert api.get("/api/v1/groups/").status_code == 200
    assert api.get(f"/api/v1/groups/{group.pk}/").status_code == 200
    accounts = api.get("/api/v1/accounts/").status_code
    assert accounts == (200 if role == "staff" else 401 if role == "anonymous" else 403)


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 401), ("staff", 200), ("owner", 200), ("outsider", 403), ("partner", 403), ("expert", 403)])
def test_api_update_of_a_group(api_for, users, group, role, status):
    response = api_for(users[role]).patch(f"/api/v1/groups/{group.pk}/", {"phone": "035-999999"}, format="json")
    assert response.status_code == status
    group.refresh_from_db()
    assert (group.phone == "035-999999") == (status == 200)


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 401), ("staff", 201), ("owner", 403), ("outsider", 403), ("partner", 403), ("expert", 403)])
def test_api_create_a_group(api_for, users, role, status):
    response = api_for(users[role]).post("/api/v1/groups/", {
        "name_th": "กลุ่มใหม่", "entrepreneur_type": "sme", "subdistrict": "150101"}, format="json")
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 401), ("staff", 204), ("owner", 403), ("outsider", 403), ("partner", 403), ("expert", 403)])
def test_api_delete_a_group(api_for, users, group, role, status):
    GroupMembership.objects.filter(group=group).delete()
    assert api_for(users[role]).delete(f"/api/v1/groups/{group.pk}/").status_code == status
    assert ProducerGroup.objects.filter(pk=group.pk).exists() == (status != 204)


@pytest.mark.parametrize("role", ROLES)
def test_api_create_an_account_is_staff_only(api_for, users, role):
    response = api_for(users[role]).post("/api/v1/accounts/", {
        "username": "newbie", "password": "Long-enough-pass-2569", "role": "producer"}, format="json")
    assert response.status_code == {"anonymous": 401, "staff": 201}.get(role, 403)
    assert User.objects.filter(username="newbie").exists() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_api_partners_staff_write_everyone_reads(api_for, users, partner_org, role):
    api = api_for(users[role])
    assert api.get(f"/api/v1/partners/{partner_org.pk}/").status_code == 200
    response = api.patch(f"/api/v1/partners/{partner_org.pk}/", {"phone": "1"}, format="json")
    assert response.status_code == {"anonymous": 401, "staff": 200}.get(role, 403)


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("staff", 200), ("owner", 200), ("outsider", 403), ("partner", 403), ("expert", 403)])
def test_group_edit_page(client_for, users, group, role, status):
    response = client_for(users[role]).get(f"/groups/{group.slug}/edit/")
    assert response.status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_public_group_pages(client_for, users, group, role):
    c = client_for(users[role])
    assert c.get("/groups/").status_code == 200
    page = c.get(f"/groups/{group.slug}/")
    assert page.status_code == 200
    assert ("แก้ไขข้อมูลกลุ่ม" in page.content.decode()) == (role in ("staff", "owner"))


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("staff", 200), ("owner", 302), ("outsider", 302), ("partner", 302), ("expert", 302)])
def test_admin_is_for_staff_only(client_for, users, role, status):
    assert client_for(users[role]).get("/admin/core/producergroup/").status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_needs_a_login(client_for, users, role):
    response = client_for(users[role]).get("/me/")
    assert response.status_code == (302 if role == "anonymous" else 200)
