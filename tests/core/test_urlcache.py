"""core.urlcache.reverse answers what django.urls.reverse answers, per language, URLconf and script prefix."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils.translation import override

from core import urlcache


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("name, kwargs", [
    ("products:detail", {"slug": "tukta-chao-wang"}),
    ("wisdom:detail", {"slug": "klong-ekkarat"}),
    ("tourism:program_detail", {"slug": "ban-bang-sadet"}),
    ("core:file", {"model": "products.productphoto", "pk": 12, "field": "thumbnail"}),
])
def test_it_answers_what_reverse_answers(language, name, kwargs):
    with override(language):
        assert urlcache.reverse(name, kwargs=kwargs) == django_reverse(name, kwargs=kwargs)
        assert urlcache.reverse(name, kwargs=kwargs) == django_reverse(name, kwargs=kwargs)  # remembered


def test_it_raises_as_reverse_does_and_remembers_nothing_then():
    with pytest.raises(NoReverseMatch):
        urlcache.reverse("products:detail", kwargs={"slug": "a/b"})
    with pytest.raises(NoReverseMatch):
        urlcache.reverse("no-such-route")


def test_it_follows_the_script_prefix():
    plain = urlcache.reverse("products:detail", kwargs={"slug": "x"})
    set_script_prefix("/portal/")
    try:
        assert urlcache.reverse("products:detail", kwargs={"slug": "x"}) == "/portal" + plain
    finally:
        clear_script_prefix()
        set_script_prefix("/")


def test_it_forgets_when_the_urlconf_setting_changes():
    urlcache.reverse("products:detail", kwargs={"slug": "x"})
    with override_settings(ROOT_URLCONF="tests.core.urls_empty"), pytest.raises(NoReverseMatch):
        urlcache.reverse("products:detail", kwargs={"slug": "x"})


def test_equal_values_of_other_types_are_not_one_key():
    """1 and True are equal keys; Django refuses True for a digits-only pk, and so does the memo after 1."""
    assert "/1/" in urlcache.reverse("core:file", kwargs={"model": "a.b", "pk": 1, "field": "f"})
    with pytest.raises(NoReverseMatch):
        urlcache.reverse("core:file", kwargs={"model": "a.b", "pk": True, "field": "f"})


def test_the_url_tag_renders_what_djangos_renders(rf):
    from django.template import Context, Engine, Template
    from django.urls import resolve

    source = ('{% url "products:detail" slug="x" %}|{% url "wisdom:detail" "y" %}|'
              '{% url "nope" as missing %}[{{ missing }}]|{% url "products:list" as l %}{{ l }}|'
              '{% url "core:file" model="a.b" pk=3 field="f" %}')
    request = rf.get("/products/")
    request.resolver_match = resolve("/products/")
    ours = Template(source).render(Context({"request": request}))
    plain = Engine(builtins=[]).from_string(source).render(Context({"request": request}))
    assert ours == plain and "/x/" in ours and "[]" in ours
    with pytest.raises(NoReverseMatch):
        Template('{% url "nope" %}').render(Context({}))
