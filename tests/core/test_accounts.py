"""Nobody climbs the roles: the account rule (core.services.account_change_check) in the API and the admin.

Levels: superuser 3, CDD staff 2, everyone else 1. Staff manage accounts below them; only superusers
touch staff and superusers' role, password and activation, grant the staff role or admin flags.
"""

import pytest

from core.choices import Role
from core.models import User
from tests.factories import core as f

NEW_PASSWORD = "Another-long-pass-2569"


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="root", role=Role.STAFF, is_superuser=True)


@pytest.fixture
def other_staff(db):
    return f.staff(username="staff2")


def _refetch(user):
    return User.objects.get(pk=user.pk)


# --- The API -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [{"password": NEW_PASSWORD}, {"is_active": False}, {"role": "producer"},
                                    {"first_name": "ยึดบัญชี"}])
def test_staff_cannot_change_a_superuser_through_the_api(api_for, staff, superuser, change):
    before = _refetch(superuser)
    response = api_for(staff).patch(f"/api/v1/accounts/{superuser.pk}/", change, format="json")
    assert response.status_code == 403
    after = _refetch(superuser)
    assert after.password == before.password and after.is_active and after.role == Role.STAFF
    assert after.first_name == before.first_name
    token = api_for(None).post("/api/v1/auth/token/", {"username": "root", "password": NEW_PASSWORD},
                               format="json")
    assert token.status_code == 400


@pytest.mark.parametrize("change", [{"password": NEW_PASSWORD}, {"is_active": False}, {"role": "producer"}])
def test_staff_cannot_change_another_officers_role_password_or_activation(api_for, staff, other_staff, change):
    before = _refetch(other_staff)
    response = api_for(staff).patch(f"/api/v1/accounts/{other_staff.pk}/", change, format="json")
    assert response.status_code == 403
    after = _refetch(other_staff)
    assert (after.password, after.is_active, after.role) == (before.password, before.is_active, before.role)


def test_staff_may_still_edit_an_officers_contact_details(api_for, staff, other_staff):
    response = api_for(staff).patch(f"/api/v1/accounts/{other_staff.pk}/", {"phone": "035-611-222"},
                                    format="json")
    assert response.status_code == 200
    assert _refetch(other_staff).phone == "035-611-222"


def test_staff_cannot_promote_a_producer_to_staff(api_for, staff, owner):
    response = api_for(staff).patch(f"/api/v1/accounts/{owner.pk}/", {"role": "staff"}, format="json")
    assert response.status_code == 403
    assert _refetch(owner).role == Role.PRODUCER and not _refetch(owner).is_staff


def test_staff_cannot_create_a_staff_account(api_for, staff):
    response = api_for(staff).post("/api/v1/accounts/", {
        "username": "officer", "password": "Long-enough-pass-2569", "role": "staff"}, format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="officer").exists()


def test_staff_cannot_change_their_own_role_or_activation(api_for, staff):
    response = api_for(staff).patch(f"/api/v1/accounts/{staff.pk}/", {"role": "producer"}, format="json")
    assert response.status_code == 403
    assert _refetch(staff).role == Role.STAFF


def test_a_password_change_through_the_api_needs_the_current_password(api_for, staff, owner):
    before = _refetch(owner).password
    without = api_for(staff).patch(f"/api/v1/accounts/{owner.pk}/", {"password": NEW_PASSWORD}, format="json")
    assert without.status_code == 400 and "current_password" in without.json()
    wrong = api_for(staff).patch(f"/api/v1/accounts/{owner.pk}/",
                                 {"password": NEW_PASSWORD, "current_password": "nope"}, format="json")
    assert wrong.status_code == 400
    assert _refetch(owner).password == before
    right = api_for(staff).patch(f"/api/v1/accounts/{owner.pk}/",
                                 {"password": NEW_PASSWORD, "current_password": f.PASSWORD}, format="json")
    assert right.status_code == 200
    assert _refetch(owner).check_password(NEW_PASSWORD)


def test_staff_may_deactivate_a_producer(api_for, staff, owner):
    response = api_for(staff).patch(f"/api/v1/accounts/{owner.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    assert not _refetch(owner).is_active


def test_a_superuser_may_do_all_of_it(api_for, superuser, other_staff):
    api = api_for(superuser)
    assert api.patch(f"/api/v1/accounts/{other_staff.pk}/", {"password": NEW_PASSWORD},
                     format="json").status_code == 200
    assert _refetch(other_staff).check_password(NEW_PASSWORD)
    created = api.post("/api/v1/accounts/", {"username": "officer", "password": "Long-enough-pass-2569",
                                             "role": "staff"}, format="json")
    assert created.status_code == 201
    assert User.objects.get(username="officer").is_staff


@pytest.mark.parametrize("role", ["owner", "partner", "expert"])
def test_no_other_role_reaches_the_accounts_api(api_for, users, superuser, role):
    response = api_for(users[role]).patch(f"/api/v1/accounts/{superuser.pk}/", {"is_active": False},
                                          format="json")
    assert response.status_code == 403
    assert _refetch(superuser).is_active


# --- The admin -----------------------------------------------------------------------------------------------


def test_staff_cannot_open_or_reset_a_superusers_password_in_the_admin(client_for, staff, superuser):
    c = client_for(staff)
    # the back-office lists only the accounts staff may change: a superuser's is not there at all
    assert c.get(f"/admin/core/user/{superuser.pk}/password/").status_code == 404
    assert c.get(f"/admin/core/user/{superuser.pk}/change/").status_code == 302  # "does not exist" → list
    assert f"/admin/core/user/{superuser.pk}/change/" not in c.get("/admin/core/user/").content.decode()
    before = _refetch(superuser).password
    c.post(f"/admin/core/user/{superuser.pk}/password/",
           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert _refetch(superuser).password == before


def test_staff_cannot_reset_another_officers_password_in_the_admin(client_for, staff, other_staff):
    assert client_for(staff).get(f"/admin/core/user/{other_staff.pk}/password/").status_code == 403


def test_staff_may_reset_a_producers_password_in_the_admin(client_for, staff, owner):
    response = client_for(staff).post(f"/admin/core/user/{owner.pk}/password/",
                                      {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                       "usable_password": "true"})
    assert response.status_code == 302
    assert _refetch(owner).check_password(NEW_PASSWORD)


def test_the_admin_does_not_let_staff_tick_superuser_on_themselves(client_for, staff):
    c = client_for(staff)
    page = c.get(f"/admin/core/user/{staff.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="role"' not in page
    c.post(f"/admin/core/user/{staff.pk}/change/", {
        "username": "staff", "is_superuser": "on", "role": "staff", "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    assert not _refetch(staff).is_superuser


def test_the_admin_offers_staff_no_staff_role_for_a_producer(client_for, staff, owner):
    page = client_for(staff).get(f"/admin/core/user/{owner.pk}/change/").content.decode()
    assert 'value="staff"' not in page and 'value="partner"' in page


def test_staff_cannot_delete_a_superuser_or_another_officer_in_the_admin(client_for, staff, superuser,
                                                                          other_staff):
    c = client_for(staff)
    for target in (superuser, other_staff):
        c.post(f"/admin/core/user/{target.pk}/delete/", {"post": "yes"})
        assert User.objects.filter(pk=target.pk).exists()


def test_a_membership_added_on_the_account_page_goes_through_the_service(client_for, staff, group, other_group):
    member = f.producer(group, username="somchai")
    c = client_for(staff)
    form = c.get(f"/admin/core/user/{member.pk}/change/").context["adminform"].form
    membership = member.memberships.get()
    data = {name: form.initial.get(name, "") or "" for name in form.fields if name not in ("password",)}
    data.update({"username": "somchai", "role": "producer", "is_active": "on",
                 "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
                 "memberships-0-id": membership.pk, "memberships-0-user": member.pk,
                 "memberships-0-group": group.pk, "memberships-0-role": "member", "memberships-0-DELETE": "on",
                 "memberships-1-user": member.pk, "memberships-1-group": other_group.pk,
                 "memberships-1-role": "chair"})
    for key in [k for k, v in data.items() if v is None]:
        data[key] = ""
    response = c.post(f"/admin/core/user/{member.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(member.memberships.values_list("group_id", "role")) == [(other_group.pk, "chair")]
