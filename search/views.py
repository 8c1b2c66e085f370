from django.core.paginator import Paginator
from django.views.generic import TemplateView

from core import search_registry as registry
from core.i18n_content import is_english

from . import selectors
from .forms import SearchForm

MAX_PAGE = 1_000_000  # beyond any search's last page; keeps the SQL OFFSET in range


def _page_number(value) -> int:
    try:
        return min(max(1, int(value)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


class SearchView(TemplateView):
    public_page = True  # anonymous visitors are served from core.pagecache
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

        def fetch(number: int) -> selectors.SearchResults:
            return selectors.search(
                text=q,
                user=self.request.user,
                kind=form.cleaned_data["kind"] or None,
                district=district.code if district else None,
                limit=self.paginate_by,
                offset=(number - 1) * self.paginate_by,
            )

        number = _page_number(self.request.GET.get("page"))
        results = fetch(number)
        paginator = Paginator(results.paginator_list(), self.paginate_by)
        if number > paginator.num_pages:  # past the end (rare): the last page, as Paginator.get_page does
            number = paginator.num_pages
            results = fetch(number)
            paginator = Paginator(results.paginator_list(), self.paginate_by)
        page = paginator.page(number)
        shown = results.suggestion or q
        labels = dict(registry.kinds())
        english = is_english()
        groups: dict[str, dict] = {}
        for entry in page.object_list:
            group = groups.setdefault(
                entry.kind, {"kind": entry.kind, "label": labels.get(entry.kind, entry.kind), "entries": []}
            )
            # English mode: the snippet of the English texts when the record has them, else the Thai one
            # (marked lang="th" with "In Thai" in the template).
            entry.snippet_in_thai = not (english and entry.body_en)
            entry.snippet = selectors.highlight((entry.body_en if english and entry.body_en else entry.body)
                                                or entry.title, shown)
            group["entries"].append(entry)
        ctx.update(
            q=q,
            suggestion=results.suggestion,
            page_obj=page,
            groups=list(groups.values()),
            facets=[(k, labels[k], results.facets[k]) for k, _ in registry.kinds() if k in results.facets],
            total=results.total,
        )
        return ctx
