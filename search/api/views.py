from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from search import selectors
from search.models import SearchEntry


class SearchResultSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district_id", allow_null=True)
    rank = serializers.FloatField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = SearchEntry
        fields = ["kind", "title", "url", "image_url", "district", "snippet", "rank"]

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
    """Thai-aware search over what the caller may see. Snippets mark matches with <mark>."""

    serializer_class = SearchResultSerializer
    permission_classes = []
    filter_backends = []

    def get_queryset(self):
        q = self.request.query_params.get("q", "").strip()
        if not q:
            raise ValidationError({"q": ["กรุณาระบุคำค้น"]})
        if len(q) > 200:
            raise ValidationError({"q": ["คำค้นยาวเกินไป (ไม่เกิน 200 ตัวอักษร)"]})
        entries, _facets = selectors.search(
            text=q,
            user=self.request.user,
            kind=self.request.query_params.get("kind") or None,
            district=self.request.query_params.get("district") or None,
        )
        return entries

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "q": self.request.query_params.get("q", "")}
