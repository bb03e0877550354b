"""A :class:`BenefitPolicy` to and from plain data and JSON, round-tripping exactly.

The plain form is what a ``[[policy]]`` table of the data file holds, what the database stores
and what the admin API accepts. Money is integer piasters; ``effective_from`` is ``YYYY-MM-DD``
(a TOML date is accepted too); optional values are absent rather than null. Every refusal is an
:class:`~unicard.domain.shared.errors.InvalidValue` whose ``field`` is the key path in the
version (``bread.loaf_cost``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from unicard.adapters.policy_files import sections
from unicard.adapters.policy_files.reading import Table
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.errors import InvalidValue

Plain = dict[str, Any]

T = TypeVar("T")


def policy_from_plain(data: object) -> BenefitPolicy:
    table = Table(data, "")
    policy = BenefitPolicy(
        version=table.text("version"),
        effective_from=table.date("effective_from"),
        ration=_section(table, "ration", sections.read_ration),
        bread=_section(table, "bread", sections.read_bread),
        catalog=_section(table, "catalog", sections.read_catalog),
        wallet=_section(table, "wallet", sections.read_wallet),
        verification=_section(table, "verification", sections.read_verification),
        health=_section(table, "health", sections.read_health),
        sources=_sources(table.optional_table("sources")),
        unconfirmed=frozenset(table.optional_texts("unconfirmed")),
    )
    table.done()
    return policy


def _section(table: Table, name: str, read: Callable[[Table], T]) -> T:
    section = table.table(name)
    value = read(section)
    section.done()
    return value


def _sources(table: Table) -> dict[str, str]:
    sources = {key: table.text(key) for key in table.names()}
    table.done()
    return sources


def policy_to_plain(policy: BenefitPolicy) -> Plain:
    return {
        "version": policy.version,
        "effective_from": policy.effective_from.isoformat(),
        "unconfirmed": sorted(policy.unconfirmed),
        "ration": sections.write_ration(policy.ration),
        "bread": sections.write_bread(policy.bread),
        "catalog": sections.write_catalog(policy.catalog),
        "wallet": sections.write_wallet(policy.wallet),
        "verification": sections.write_verification(policy.verification),
        "health": sections.write_health(policy.health),
        "sources": dict(sorted(policy.sources.items())),
    }


def policy_to_json(policy: BenefitPolicy) -> str:
    """Stable text: the same version always serialises to the same bytes (safe to hash or diff)."""
    return json.dumps(policy_to_plain(policy), ensure_ascii=False, sort_keys=False, indent=2)


def policy_from_json(text: str) -> BenefitPolicy:
    try:
        data = json.loads(text, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as error:
        raise InvalidValue(
            "policy.json_syntax", field="", line=error.lineno, column=error.colno, reason=error.msg
        ) from None
    return policy_from_plain(data)


def _refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys; two catalog entries "sugar" must not merge.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidValue("policy.repeated_key", field=key, key=key)
        result[key] = value
    return result
