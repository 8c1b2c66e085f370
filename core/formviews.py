"""One pattern for pages that write: the form validates input, a service does the write.

    class ProductUpdateView(ServiceFormMixin, UpdateView):
        success_message = _("บันทึกแล้ว")

        def perform(self, form):
            return services.product_update(actor=self.request.user, product=self.object,
                                           **changed_fields(form))

``perform`` runs in a transaction; a service's ValidationError is put on the form (fields it names
on those fields, the rest on top) and the page is shown again with nothing saved; a
PermissionDenied is a 403. The returned object becomes ``self.object`` for ``get_success_url``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from .forms import add_service_errors


def changed_fields(form) -> dict[str, Any]:
    """The fields the user changed, with their cleaned values (what an update service takes)."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


if TYPE_CHECKING:
    from django.views.generic.edit import BaseUpdateView as _Base
else:
    _Base = object


class ServiceFormMixin(_Base):
    success_message: str = ""

    def perform(self, form: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must call its service in perform()")

    def form_valid(self, form: Any) -> Any:
        try:
            with transaction.atomic():
                result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if result is not None:
            self.object = result
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())
