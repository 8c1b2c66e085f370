import importlib

import pytest

_default_hosts = importlib.import_module("campaigns.migrations.0004_default_allowed_hosts")


@pytest.fixture(autouse=True)
def default_allowed_hosts(request):
    """The allow-list the data migration installs. Transactional tests flush tables, so
    make sure it is there for every test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
    elif "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker is not None:
        request.getfixturevalue("db")
    else:
        return
    from django.apps import apps

    _default_hosts.add_hosts(apps, None)


@pytest.fixture
def emails(staff, owner, colleague, partner_user, other_partner_user):
    """Give the standing users e-mail addresses (the factories leave them empty)."""
    for user in (staff, owner, colleague, partner_user, other_partner_user):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return {u.username: u.email for u in (staff, owner, colleague, partner_user, other_partner_user)}
