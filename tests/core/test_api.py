import pytest
from rest_framework.test import APIClient

from core.models import GroupMembership, ProducerGroup, User
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def test_districts_are_listed_by_dopa_code_with_both_names(client):
    data = client.get("/api/v1/areas/districts/").json()
    assert data["count"] == 7
    first = data["results"][0]
    assert first["code"] == "1501" and first["name_th"] == "เมืองอ่างทอง" and first["name_en"] == "Mueang Ang Thong"


def test_subdistricts_filter_by_district_code(client):
    data = client.get("/api/v1/areas/subdistricts/?district=1503&page_size=50").json()
    assert data["count"] == 8
    assert {row["district"] for row in data["results"]} == {"1503"}
    assert client.get("/api/v1/areas/subdistricts/150305/").json()["name_th"] == "บางเสด็จ"


def test_an_unknown_code_is_a_json_404_not_a_500(client):
    response = client.get("/api/v1/areas/subdistricts/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "ไม่พบรายการที่ต้องการ"}
    assert client.get("/api/v1/groups/abc/").status_code == 404


def test_it_issues_a_token_for_username_and_password(owner):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "owner", "password": f.PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    group = owner.producer_groups.get()
    assert client.patch(f"/api/v1/groups/{group.pk}/", {"phone": "035-123456"}).status_code == 200


def test_a_wrong_password_gets_no_token(owner):
    response = APIClient().post("/api/v1/auth/token/", {"username": "owner", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_staff_create_a_group_with_a_subdistrict_code(api_for, staff):
    response = api_for(staff).post("/api/v1/groups/", {
        "name_th": "กลุ่มทอผ้าบ้านอบทม", "entrepreneur_type": "community_group", "subdistrict": "150703"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["subdistrict"] == "150703" and body["district"] == "1507"
    # An ASCII slug romanised from the Thai name, so shared links stay readable.
    assert ProducerGroup.objects.get(pk=body["id"]).slug.startswith("klum-thopha-")
    assert body["slug"].isascii()


@pytest.mark.parametrize(("payload", "field"), [
    ({"name_th": "ก", "entrepreneur_type": "cooperative", "subdistrict": "150703"}, "entrepreneur_type"),
    ({"name_th": "ก", "entrepreneur_type": "sme", "subdistrict": "999999"}, "subdistrict"),
    ({"entrepreneur_type": "sme", "subdistrict": "150703"}, "name_th"),
    ({"name_th": "ก", "entrepreneur_type": "sme", "subdistrict": "150703", "email": "not-an-email"}, "email"),
    ({"name_th": "ก", "entrepreneur_type": "sme", "subdistrict": "150703", "village_no": 99}, "village_no"),
])
def test_bad_group_input_is_refused_with_a_field_message(api_for, staff, payload, field):
    response = api_for(staff).post("/api/v1/groups/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ProducerGroup.objects.filter(name_th="ก").exists()


def test_a_duplicate_registration_number_is_refused_in_thai(api_for, staff, group):
    group.registration_no = "OTOP-15-0001"
    group.save()
    response = api_for(staff).post("/api/v1/groups/", {
        "name_th": "กลุ่มใหม่", "entrepreneur_type": "sme", "subdistrict": "150101",
        "registration_no": "OTOP-15-0001"}, format="json")
    assert response.status_code == 400
    assert "มีอยู่แล้ว" in str(response.json()["registration_no"])


def test_staff_create_a_producer_account_in_a_group(api_for, staff, group):
    response = api_for(staff).post("/api/v1/accounts/", {
        "username": "somchai", "password": "Long-enough-pass-2569", "role": "producer",
        "producer_groups": [group.pk]}, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="somchai")
    assert user.check_password("Long-enough-pass-2569") and not user.is_staff
    assert GroupMembership.objects.filter(user=user, group=group).exists()
    assert "password" not in response.json()


def test_a_partner_account_needs_its_organisation(api_for, staff, partner_org):
    bad = api_for(staff).post("/api/v1/accounts/", {
        "username": "p1", "password": "Long-enough-pass-2569", "role": "partner"}, format="json")
    assert bad.status_code == 400 and "partner_organisation" in bad.json()
    good = api_for(staff).post("/api/v1/accounts/", {
        "username": "p1", "password": "Long-enough-pass-2569", "role": "partner",
        "partner_organisation": partner_org.pk}, format="json")
    assert good.status_code == 201
    assert User.objects.get(username="p1").partner_organisation == partner_org


def test_a_staff_account_gets_the_admin_flag(api_for):
    root = f.UserFactory(username="root", role="staff", is_superuser=True)
    api_for(root).post("/api/v1/accounts/", {
        "username": "officer", "password": "Long-enough-pass-2569", "role": "staff"}, format="json")
    assert User.objects.get(username="officer").is_staff


def test_a_weak_password_is_refused(api_for, staff):
    response = api_for(staff).post("/api/v1/accounts/", {
        "username": "weak", "password": "123", "role": "producer"}, format="json")
    assert response.status_code == 400 and "password" in response.json()


def test_the_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # swagger UI is served locally (sidecar)


def test_group_and_account_lists_keep_a_constant_number_of_queries(api_for, staff, assert_constant_queries):
    f.ProducerGroupFactory.create_batch(3)
    for _ in range(3):
        f.producer(f.ProducerGroupFactory())
    api = api_for(staff)

    def grow():
        f.ProducerGroupFactory.create_batch(27)
        for _ in range(27):
            f.producer(f.ProducerGroupFactory(), partner_organisation=None)

    def fetch():
        assert api.get("/api/v1/groups/?page_size=100").status_code == 200
        assert api.get("/api/v1/accounts/?page_size=100").status_code == 200
        assert api.get("/api/v1/partners/?page_size=100").status_code == 200

    assert_constant_queries(fetch, grow)


def test_a_groups_contact_person_email_and_address_are_for_staff_and_members(api_for, staff, owner, outsider,
                                                                           group):
    group.contact_name, group.email, group.address, group.phone = "ป้าสมใจ", "somjai@example.org", "12 หมู่ 2", "035-1"
    group.save()
    for user, private in ((None, False), (outsider, False), (owner, True), (staff, True)):
        data = api_for(user).get(f"/api/v1/groups/{group.pk}/").json()
        assert data["phone"] == "035-1"
        assert ("email" in data and data["email"] == "somjai@example.org") is private
        assert ("contact_name" in data) is private and ("address" in data) is private


def test_failed_token_requests_are_throttled_too(owner, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert client.post("/api/v1/auth/token/", {"username": "owner", "password": "wrong"}).status_code == 400
    locked = client.post("/api/v1/auth/token/", {"username": "owner", "password": f.PASSWORD})
    assert locked.status_code in (400, 403, 429)
    assert "token" not in locked.json()
