"""A partner's support date from the portal's date widget."""

import datetime as dt

import pytest

from campaigns.models import Support

pytestmark = pytest.mark.django_db


def test_support_is_recorded_with_the_date_widget(client_for, partner_user, group):
    c = client_for(partner_user)
    assert "ปี (พ.ศ.)" in c.get("/partner/supports/new/").content.decode()
    data = {
        "kind": "design",
        "title": "ออกแบบกล่องใหม่",
        "date_0": "20",
        "date_1": "11",
        "date_2": "2026",
        "value": "25000",
        "group": group.pk,
    }
    bad = c.post("/partner/supports/new/", {**data, "date_0": "31"})
    assert "ไม่มีวันนี้ในเดือนที่เลือก" in bad.content.decode() and not Support.objects.exists()
    assert c.post("/partner/supports/new/", data).status_code == 302
    assert Support.objects.get().date == dt.date(2026, 11, 20)
