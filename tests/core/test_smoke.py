import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_in_thai(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Creative OTOP" in response.content.decode()
    assert 'lang="th"' in response.content.decode()
