"""Serving uploaded files through the permissions layer.

No uploaded file is reachable by its storage path. A file is addressed as
``/files/<app_label>.<model>/<pk>/<field>/`` and served only if the owning
object is in ``Model.objects.visible_to(user)``; otherwise 404. Models opt in by
listing their file fields in ``protected_file_fields``::

    class WisdomMedia(models.Model):
        protected_file_fields = ("file", "thumbnail")

Use ``file_url(obj, "thumbnail")`` (or the ``file_url`` template filter) to link.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.apps import apps
from django.db import transaction
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from . import permissions
from .urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)


def file_url(obj, field: str) -> str:
    """URL of obj.<field> through the protected file view, or '' if empty."""
    if obj is None or not getattr(obj, field, None):
        return ""
    return reverse("core:file", kwargs={"model": obj._meta.label_lower, "pk": obj.pk, "field": field})


@require_GET
def serve_file(request, model: str, pk: str, field: str):
    try:
        model_cls = apps.get_model(model)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if field not in getattr(model_cls, "protected_file_fields", ()):
        raise Http404
    obj = permissions.get_visible_or_404(model_cls, request.user, pk=pk)
    fieldfile = getattr(obj, field)
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(fieldfile.name)[0] or "application/octet-stream"
    as_attachment = not content_type.startswith("image/") and content_type != "application/pdf"
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment)
    response["X-Content-Type-Options"] = "nosniff"
    # Public objects may be cached by browsers; anything else stays private.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def delete_after_commit(*fieldfiles: Any) -> None:
    """Remove stored files once the transaction that removed or replaced their rows commits.

    Deleting a file inside the transaction would lose it when the transaction rolls back (a later
    service refuses, the admin re-shows the form): the row comes back, the file would not. Outside a
    transaction the files go at once. Empty fields are skipped; (storage, name) is taken now, so the
    field may change afterwards."""
    stored = [(f.storage, f.name) for f in fieldfiles if f and getattr(f, "name", None)]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
