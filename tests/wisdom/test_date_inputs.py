"""The wisdom form's dates (compiled on, a holder's consent date) from the portal's date widget."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.wisdom.test_views import _form_data
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


def test_the_record_form_takes_its_dates_from_the_widget(client_for, owner, group):
    c = client_for(owner)
    page = c.get(reverse("wisdom:create")).content.decode()
    assert "<legend>วันที่เก็บข้อมูล</legend>" in page and 'type="date"' not in page
    data = _form_data(
        owner_group=group.pk,
        compiled_on_0="5",
        compiled_on_1="6",
        compiled_on_2="2026",
        **{
            "holders-0-consent_date": "",
            "holders-0-consent_date_0": "1",
            "holders-0-consent_date_1": "6",
            "holders-0-consent_date_2": "2026",
        },
    )
    bad = c.post(reverse("wisdom:create"), {**data, "compiled_on_0": "31"})
    assert "ไม่มีวันนี้ในเดือนที่เลือก" in bad.content.decode() and not WisdomRecord.objects.exists()
    assert c.post(reverse("wisdom:create"), data).status_code == 302
    record = WisdomRecord.objects.get()
    assert record.compiled_on == dt.date(2026, 6, 5)
    assert record.holders.get().consent_date == dt.date(2026, 6, 1)
