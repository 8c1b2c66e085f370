from django.core.paginator import Paginator
from django.views.generic import TemplateView

from core import search_registry as registry

from . import selectors
from .forms import SearchForm


class SearchView(TemplateView):
    template_name = "search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        ctx["form"] = form
        if not form.is_valid() or not form.cleaned_data["q"].strip():
            return ctx
        q = form.cleaned_data["q"].strip()
        district = form.cleaned_data["district"]
        entries, facets = selectors.search(
            text=q,
            user=self.request.user,
            kind=form.cleaned_data["kind"] or None,
            district=district.code if district else None,
        )
        page = Paginator(entries, self.paginate_by).get_page(self.request.GET.get("page"))
        labels = dict(registry.kinds())
        groups: dict[str, dict] = {}
        for entry in page.object_list:
            group = groups.setdefault(
                entry.kind, {"kind": entry.kind, "label": labels.get(entry.kind, entry.kind), "entries": []}
            )
            entry.snippet = selectors.highlight(entry.body or entry.title, q)
            group["entries"].append(entry)
        ctx.update(
            q=q,
            page_obj=page,
            groups=list(groups.values()),
            facets=[(k, labels[k], facets[k]) for k, _ in registry.kinds() if k in facets],
            total=sum(facets.values()),
        )
        return ctx
