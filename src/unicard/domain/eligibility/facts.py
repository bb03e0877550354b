"""The facts that eligibility criteria read, as agencies report them per national ID.

Every fact is stored in one base unit, an integer (money in piasters, land in qirats — 24 to the
feddan — energy in kWh, gas in m³), or a short code (a profession). Rules and feeds name facts
by these keys; the catalog is the one place a key, its unit and its source agency are defined.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FactUnit(enum.StrEnum):
    PIASTERS = "piasters"
    KWH = "kWh"
    CUBIC_METRES = "m3"
    QIRATS = "qirats"  # 24 qirats = 1 feddan
    COUNT = "count"
    YEAR = "year"
    CODE = "code"  # a categorical value, such as a profession code


class Agency(enum.StrEnum):
    ELECTRICITY = "electricity"  # the electricity distribution companies
    GAS = "gas"  # the gas distribution companies
    TRAFFIC = "traffic"  # the vehicle registry
    AGRICULTURE = "agriculture"  # the land registry of the ministry of agriculture
    EDUCATION = "education"  # private and international school fees
    TELECOM = "telecom"  # the mobile operators, through NTRA
    TAX = "tax"  # the tax authority (income tax and VAT)
    CUSTOMS = "customs"
    PAYROLL = "payroll"  # the government payroll and the pension authority
    CIVIL_REGISTRY = "civil_registry"  # professions and deaths


@dataclass(frozen=True, slots=True)
class FactKind:
    key: str
    unit: FactUnit
    agency: Agency
    per: str | None  # the period a value covers: "month", "year", or None for a state

    @property
    def numeric(self) -> bool:
        return self.unit is not FactUnit.CODE


_KINDS = (
    FactKind("electricity_kwh_month", FactUnit.KWH, Agency.ELECTRICITY, "month"),
    FactKind("gas_m3_month", FactUnit.CUBIC_METRES, Agency.GAS, "month"),
    FactKind("vehicles", FactUnit.COUNT, Agency.TRAFFIC, None),
    FactKind("newest_vehicle_year", FactUnit.YEAR, Agency.TRAFFIC, None),
    FactKind("newest_luxury_vehicle_year", FactUnit.YEAR, Agency.TRAFFIC, None),
    FactKind("farmland_qirats", FactUnit.QIRATS, Agency.AGRICULTURE, None),
    FactKind("school_fees_year", FactUnit.PIASTERS, Agency.EDUCATION, "year"),
    FactKind("mobile_bill_month", FactUnit.PIASTERS, Agency.TELECOM, "month"),
    FactKind("income_tax_year", FactUnit.PIASTERS, Agency.TAX, "year"),
    FactKind("vat_paid_year", FactUnit.PIASTERS, Agency.TAX, "year"),
    FactKind("export_customs_year", FactUnit.PIASTERS, Agency.CUSTOMS, "year"),
    FactKind("import_customs_year", FactUnit.PIASTERS, Agency.CUSTOMS, "year"),
    FactKind("government_salary_month", FactUnit.PIASTERS, Agency.PAYROLL, "month"),
    FactKind("pension_month", FactUnit.PIASTERS, Agency.PAYROLL, "month"),
    FactKind("income_month", FactUnit.PIASTERS, Agency.TAX, "month"),
    FactKind("profession", FactUnit.CODE, Agency.CIVIL_REGISTRY, None),
)

FACTS: dict[str, FactKind] = {kind.key: kind for kind in _KINDS}
