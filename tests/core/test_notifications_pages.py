"""The bell: unread count in the header, the list, opening one (marks it read), mark all read, settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.choices import NotificationEvent
from core.models import Notification, NotificationPreference
from tests.factories.wisdom import WisdomRecordFactory
from wisdom.choices import AccessLevel, Status

pytestmark = pytest.mark.django_db


def make(user, n=1, obj=None, **kw):
    rows = []
    for i in range(n):
        rows.append(
            Notification.objects.create(
                recipient=user,
                event=NotificationEvent.WISDOM_PUBLISHED,
                key=f"k:{user.pk}:{Notification.objects.count()}",
                title=kw.get("title", f"ภูมิปัญญาเผยแพร่แล้ว {i}"),
                url=obj.get_absolute_url() if obj else "",
                content_type_id=_ct(obj),
                object_id=str(obj.pk) if obj else "",
            )
        )
    return rows


def _ct(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk if obj else None


def test_the_bell_shows_the_unread_count(client_for, owner, colleague):
    make(owner, 3)
    make(colleague, 5)
    Notification.objects.filter(recipient=owner).first().__class__.objects.filter(
        pk=Notification.objects.filter(recipient=owner).first().pk
    ).update(read_at="2026-01-01T00:00:00Z")
    page = client_for(owner).get(reverse("home")).content.decode()
    assert '<span class="bell-count" data-unread>2</span>' in page


def test_no_bell_for_anonymous_visitors(client):
    assert "data-bell" not in client.get(reverse("home")).content.decode()


def test_the_list_shows_only_ones_own(client_for, owner, colleague):
    make(owner, 1, title="ของเจ้าของ")
    make(colleague, 1, title="ของเพื่อน")
    page = client_for(owner).get(reverse("core:notifications")).content.decode()
    assert "ของเจ้าของ" in page and "ของเพื่อน" not in page


def test_the_list_needs_a_login(client):
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_opening_marks_read_and_goes_to_the_object(client_for, owner, group):
    record = WisdomRecordFactory(owner_group=group)
    (n,) = make(owner, 1, obj=record)
    response = client_for(owner).post(reverse("core:notification_open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    n.refresh_from_db()
    assert n.read_at is not None


def test_someone_elses_notification_is_a_404(client_for, owner, colleague):
    (n,) = make(colleague)
    assert client_for(owner).post(reverse("core:notification_open", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(client_for, owner, colleague):
    make(owner, 3)
    make(colleague, 2)
    assert client_for(owner).post(reverse("core:notifications_read")).status_code == 302
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=colleague, read_at__isnull=True).count() == 2


def test_an_object_no_longer_visible_is_listed_without_its_title_or_link(
    client_for, owner, group, other_group
):
    record = WisdomRecordFactory(
        owner_group=group, created_by=owner, status=Status.DRAFT, access_level=AccessLevel.RESTRICTED
    )
    (n,) = make(owner, 1, obj=record, title="ชื่อลับของร่าง")
    record.owner_group, record.created_by = other_group, None
    record.save(update_fields=["owner_group", "created_by"])
    c = client_for(owner)
    page = c.get(reverse("core:notifications")).content.decode()
    assert "ชื่อลับของร่าง" not in page and "ไม่มีสิทธิ์เข้าถึง" in page
    response = c.post(reverse("core:notification_open", args=[n.pk]))
    assert response["Location"] == reverse("core:notifications")


def test_the_list_has_a_constant_number_of_queries(client_for, owner, group, assert_constant_queries):
    c = client_for(owner)
    records = [WisdomRecordFactory(owner_group=group) for _ in range(2)]

    def grow():
        for record in records:
            make(owner, 14, obj=record)

    make(owner, 3, obj=records[0])
    assert_constant_queries(lambda: c.get(reverse("core:notifications")), grow)


def test_the_settings_page_saves_the_channels(client_for, owner):
    c = client_for(owner)
    page = c.get(reverse("core:notification_settings"))
    assert page.status_code == 200
    response = c.post(reverse("core:notification_settings"), {"wisdom_sent_back__email": "on"})
    assert response.status_code == 302
    enabled = set(
        NotificationPreference.objects.filter(user=owner, enabled=True).values_list("event", "channel")
    )
    assert enabled == {("wisdom_sent_back", "email")}
    # LINE is off on this portal: no LINE choice was offered, and every LINE preference is stored off
    assert 'name="wisdom_sent_back__line"' not in page.content.decode()
