import pytest

from tests.fake_line import SECRET, TOKEN, FakeLine


@pytest.fixture
def fake_line(settings):
    """A running fake of the LINE Messaging API with the LINE channel turned on (tests/fake_line.py)."""
    fake = FakeLine().start()
    settings.LINE_CHANNEL_ACCESS_TOKEN = TOKEN
    settings.LINE_CHANNEL_SECRET = SECRET
    settings.LINE_API_BASE = fake.url
    settings.LINE_TIMEOUT = 5.0
    yield fake
    fake.stop()
