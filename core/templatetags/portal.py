"""General template helpers (builtins, no {% load %} needed)."""

from django import template

from core import files

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced: ?{% query_replace page=2 %}"""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def file_url(obj, field):
    """URL of a protected file field through core.files: {{ photo|file_url:"thumbnail" }}"""
    return files.file_url(obj, field)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
