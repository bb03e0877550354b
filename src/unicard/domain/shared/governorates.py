"""Egyptian governorates as the national ID encodes them (digits 8–9)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Governorate:
    code: str
    name_ar: str
    name_en: str


_TABLE = (
    ("01", "القاهرة", "Cairo"),
    ("02", "الإسكندرية", "Alexandria"),
    ("03", "بورسعيد", "Port Said"),
    ("04", "السويس", "Suez"),
    ("11", "دمياط", "Damietta"),
    ("12", "الدقهلية", "Dakahlia"),
    ("13", "الشرقية", "Sharqia"),
    ("14", "القليوبية", "Qalyubia"),
    ("15", "كفر الشيخ", "Kafr El-Sheikh"),
    ("16", "الغربية", "Gharbia"),
    ("17", "المنوفية", "Monufia"),
    ("18", "البحيرة", "Beheira"),
    ("19", "الإسماعيلية", "Ismailia"),
    ("21", "الجيزة", "Giza"),
    ("22", "بني سويف", "Beni Suef"),
    ("23", "الفيوم", "Faiyum"),
    ("24", "المنيا", "Minya"),
    ("25", "أسيوط", "Asyut"),
    ("26", "سوهاج", "Sohag"),
    ("27", "قنا", "Qena"),
    ("28", "أسوان", "Aswan"),
    ("29", "الأقصر", "Luxor"),
    ("31", "البحر الأحمر", "Red Sea"),
    ("32", "الوادي الجديد", "New Valley"),
    ("33", "مطروح", "Matrouh"),
    ("34", "شمال سيناء", "North Sinai"),
    ("35", "جنوب سيناء", "South Sinai"),
    ("88", "خارج الجمهورية", "Born abroad"),
)

GOVERNORATES: dict[str, Governorate] = {code: Governorate(code, ar, en) for code, ar, en in _TABLE}

BORN_ABROAD = "88"

#: Governorates a person can reside in (every code but "born abroad").
RESIDENCE_CODES = frozenset(code for code in GOVERNORATES if code != BORN_ABROAD)


def governorate(code: str) -> Governorate | None:
    return GOVERNORATES.get(code)
