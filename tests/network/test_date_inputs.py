"""A mentoring session's date from the portal's date widget."""

import pytest
from django.utils import timezone

from network.models import MentoringSession

pytestmark = pytest.mark.django_db


def test_a_session_is_logged_with_the_date_widget(world, owner, client_for):
    today = timezone.localdate()
    c = client_for(owner)
    data = {
        "date_0": str(today.day),
        "date_1": str(today.month),
        "date_2": str(today.year),
        "covered": "ปรับโลโก้",
    }
    bad = c.post(world.mentorship.get_absolute_url(), {**data, "date_0": "", "date_2": ""})
    assert "โปรดเลือกวันที่ให้ครบ" in bad.content.decode() and not MentoringSession.objects.exists()
    assert c.post(world.mentorship.get_absolute_url(), data).status_code == 302
    assert MentoringSession.objects.get().date == today
