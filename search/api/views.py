from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError

from search import selectors
from search.models import SearchEntry

MAX_PAGE = 1_000_000  # beyond any search's last page; keeps the SQL OFFSET in range


class SearchResultSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district_id", allow_null=True)
    rank = serializers.FloatField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = SearchEntry
        fields = ["kind", "title", "title_en", "url", "image_url", "district", "snippet", "rank"]

    def get_snippet(self, obj) -> str:
        return str(selectors.highlight(obj.body or obj.title, self.context["q"]))


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, required=True),
        OpenApiParameter("kind", str),
        OpenApiParameter("district", str, description="district code, e.g. 1503"),
    ]
)
class SearchAPIView(generics.ListAPIView):
    """Thai-aware search over what the caller may see. Snippets mark matches with <mark>. Besides
    `count`, `next`, `previous` and `results`, the answer has `facets` (matches per kind, before the
    `kind` filter) and `suggestion`: the corrected text searched instead when the words as typed found
    nothing (e.g. "potery" → "pottery"), else null."""
    public_page = True  # anonymous searches are served from core.pagecache

    serializer_class = SearchResultSerializer
    permission_classes = []
    filter_backends = []
    queryset = SearchEntry.objects.none()  # for the schema; list() asks the selector

    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "").strip()
        if not q:
            raise ValidationError({"q": ["กรุณาระบุคำค้น"]})
        if len(q) > 200:
            raise ValidationError({"q": ["คำค้นยาวเกินไป (ไม่เกิน 200 ตัวอักษร)"]})
        paginator = self.paginator
        assert paginator is not None
        size = paginator.get_page_size(request) or 20
        try:
            number = int(request.query_params.get(paginator.page_query_param, 1))
        except ValueError:
            raise NotFound("Invalid page.") from None
        if not 1 <= number <= MAX_PAGE:
            raise NotFound("Invalid page.")
        results = selectors.search(
            text=q,
            user=request.user,
            kind=request.query_params.get("kind") or None,
            district=request.query_params.get("district") or None,
            limit=size,
            offset=(number - 1) * size,
        )
        page = paginator.paginate_queryset(results.paginator_list(), request, view=self)
        shown = results.suggestion or q
        data = self.get_serializer(
            page, many=True, context={**self.get_serializer_context(), "q": shown}
        ).data
        response = paginator.get_paginated_response(data)
        response.data["facets"] = results.facets
        response.data["suggestion"] = results.suggestion
        return response
