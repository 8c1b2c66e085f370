"""The shared write plumbing: files go only when the transaction that removed their rows commits,
the admin's "clear" box on a file field, and the API contract kept by the routers and the schema."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from core import services
from core.files import delete_after_commit
from core.models import GroupMembership, ProducerGroup
from tests.factories import core as f
from tests.factories.products import ProductFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buf, format="PNG")
    return buf.getvalue()


def _group_with_logo():
    group = f.ProducerGroupFactory()
    group.logo.save("logo.png", ContentFile(_png()), save=True)
    return group


def test_files_are_deleted_only_when_the_transaction_commits(settings, tmp_path):
    group = _group_with_logo()
    storage, name = group.logo.storage, group.logo.name
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_after_commit(group.logo)
        raise RuntimeError("a later step refuses")
    assert storage.exists(name)  # rolled back: the file stays with its row


def test_files_are_deleted_after_a_commit(django_capture_on_commit_callbacks):
    group = _group_with_logo()
    storage, name = group.logo.storage, group.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_after_commit(group.logo)
    assert not storage.exists(name)


def test_a_refused_group_delete_keeps_the_logo(api_for, staff):
    group = _group_with_logo()
    ProductFactory(group=group)  # protects the group
    storage, name = group.logo.storage, group.logo.name
    response = api_for(staff).delete(f"/api/v1/groups/{group.pk}/")
    assert response.status_code == 400
    assert ProducerGroup.objects.filter(pk=group.pk).exists() and storage.exists(name)


def test_a_group_delete_removes_the_logo_after_commit(staff, django_capture_on_commit_callbacks):
    group = _group_with_logo()
    GroupMembership.objects.filter(group=group).delete()
    storage, name = group.logo.storage, group.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.producer_group_delete(actor=staff, group=group)
    assert not ProducerGroup.objects.filter(pk=group.pk).exists() and not storage.exists(name)


def test_the_admin_clear_box_removes_a_group_logo(client_for, staff):
    group = _group_with_logo()
    page = client_for(staff).get(f"/admin/core/producergroup/{group.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") or "" for name in form.fields if name != "logo"}
    data.update({"subdistrict": group.subdistrict_id, "entrepreneur_type": group.entrepreneur_type,
                 "logo-clear": "on", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    response = client_for(staff).post(f"/admin/core/producergroup/{group.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    group.refresh_from_db()
    assert not group.logo


def test_the_admin_saves_a_new_logo_through_the_service(client_for, staff):
    group = f.ProducerGroupFactory()
    page = client_for(staff).get(f"/admin/core/producergroup/{group.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") or "" for name in form.fields if name != "logo"}
    data.update({"subdistrict": group.subdistrict_id, "entrepreneur_type": group.entrepreneur_type,
                 "logo": SimpleUploadedFile("l.png", _png(), content_type="image/png"),
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert client_for(staff).post(f"/admin/core/producergroup/{group.pk}/change/", data).status_code == 302
    group.refresh_from_db()
    assert group.logo


# --- The API contract --------------------------------------------------------------------------------------


def test_a_non_numeric_id_in_a_custom_action_is_a_404(api_for, staff):
    api = api_for(staff)
    for method, url in (("post", "/api/v1/events/abc/register/"), ("get", "/api/v1/mentorships/abc/sessions/"),
                        ("get", "/api/v1/events/abc/registrations/"), ("post", "/api/v1/mentorships/abc/sessions/")):
        assert getattr(api, method)(url, {}, format="json").status_code == 404, url


def test_ids_in_paths_stay_integers_in_the_openapi_schema(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    params = [p for ops in schema["paths"].values() for op in ops.values() if isinstance(op, dict)
              for p in op.get("parameters", []) if p.get("in") == "path" and p["name"] in ("id", "pk")]
    assert params and all(p["schema"].get("type") == "integer" for p in params)


def test_unknown_fields_in_a_booking_are_a_400_naming_them(api_for):
    import datetime

    from tests.factories.tourism import ProgramFactory
    from tourism.models import Booking

    program = ProgramFactory(daily_capacity=100)
    response = api_for(None).post("/api/v1/tourism/bookings/", {
        "program": program.slug, "date": (datetime.date.today() + datetime.timedelta(days=21)).isoformat(),
        "people": 2, "name": "Anna", "phone": "+66 81 234 5678", "peopel": 40}, format="json")
    assert response.status_code == 400 and "peopel" in response.json()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("url", ["/api/v1/wisdom/", "/api/v1/issues/"])
def test_deep_json_is_a_400_on_viewsets_with_their_own_parsers(api_for, staff, url):
    response = api_for(staff).generic("POST", url, "[" * 5000 + "]" * 5000, content_type="application/json")
    assert response.status_code == 400


def test_a_target_without_a_project_is_for_all_projects(api_for, staff):
    response = api_for(staff).post("/api/v1/evaluation/targets/", {"fiscal_year": 2570, "target_percent": "5.00"},
                                   format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["project"] == "all"
