"""Loading the administrative areas from the copied DOPA-coded data (core/data/areas/)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import District, Province, Subdistrict

DATA_DIR = Path(__file__).resolve().parent / "data" / "areas"
ANG_THONG = "15"


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _dec(value: str):
    return Decimal(value) if value else None


@transaction.atomic
def load_areas(*, provinces: frozenset[str] | set[str] | None = frozenset({ANG_THONG})) -> dict[str, int]:
    """Upsert provinces, districts and subdistricts. `provinces=None` loads the whole country.
    Idempotent: running it again changes nothing and duplicates nothing."""

    def wanted(code: str) -> bool:
        return provinces is None or code[:2] in provinces

    prov = [Province(code=r["code"], name_th=r["name_th"], name_en=r["name_en"])
            for r in _rows("provinces.csv") if wanted(r["code"])]
    dist = [District(code=r["code"], province_id=r["province_code"], name_th=r["name_th"], name_en=r["name_en"])
            for r in _rows("districts.csv") if wanted(r["code"])]
    sub = [Subdistrict(code=r["code"], district_id=r["district_code"], name_th=r["name_th"], name_en=r["name_en"],
                       postcode=r["postcode"], lat=_dec(r["lat"]), lng=_dec(r["lng"]))
           for r in _rows("subdistricts.csv") if wanted(r["code"])]
    Province.objects.bulk_create(prov, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name_th", "name_en"])
    District.objects.bulk_create(dist, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["province", "name_th", "name_en"], batch_size=1000)
    Subdistrict.objects.bulk_create(sub, update_conflicts=True, unique_fields=["code"],
                                    update_fields=["district", "name_th", "name_en", "postcode", "lat", "lng"],
                                    batch_size=1000)
    return {"provinces": len(prov), "districts": len(dist), "subdistricts": len(sub)}
