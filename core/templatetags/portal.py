"""General template helpers (builtins, no {% load %} needed)."""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from core import files, urlcache

register = template.Library()


class MemoisedURLNode(URLNode):
    """Django's ``{% url %}`` answered through core.urlcache (the same URL, remembered per process: a page's
    menu, footer and cards ask for the same ones on every request)."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = urlcache.reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """``{% url %}`` as Django parses it, rendered by MemoisedURLNode (this library is a builtin loaded after
    Django's, so its ``url`` is the one every template uses)."""
    node = django_url(parser, token)
    return MemoisedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


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
