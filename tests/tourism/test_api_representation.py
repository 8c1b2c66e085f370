"""ProgramSerializer (and the detail one) write their fields out by hand (the API list's serialising cost);
the output is DRF's own (`generic_representation`): the same keys in the same order and the same values."""

import datetime as dt
import json

import pytest

from tests.factories.tourism import ProgramFactory
from tourism import selectors
from tourism.api.serializers import ProgramDetailSerializer, ProgramSerializer

pytestmark = pytest.mark.django_db


def _json(data):
    return json.dumps(data, ensure_ascii=False)


def test_written_out_representation_is_drfs():
    ProgramFactory(price_per_person="1234.5", available_weekdays=[5, 6], season_start=dt.date(2026, 11, 1),
                   season_end=dt.date(2027, 2, 28), title_en="Boat", included="อาหาร\nเรือ", is_demo=True)
    ProgramFactory(available_weekdays=[], summary="<b>สรุป</b>")
    programs = list(selectors.program_list(user=None))
    assert len(programs) == 2
    for serializer_class in (ProgramSerializer, ProgramDetailSerializer):
        serializer = serializer_class(context={})
        for p in selectors.program_detail(user=None) if serializer_class is ProgramDetailSerializer else programs:
            generic = serializer.generic_representation(p)
            if serializer_class is ProgramDetailSerializer:
                generic["items"] = serializer.fields["items"].to_representation(p.items)
                assert generic["items"]
            assert _json(serializer.to_representation(p)) == _json(generic)
    data = ProgramSerializer(programs, many=True).data
    assert {d["price_per_person"] for d in data} >= {"1234.50"}
    assert ["2026-11-01"] == [d["season_start"] for d in data if d["season_start"]]
