"""``unicard eligibility``: rule sets drafted, approved by someone else, dry-run, applied."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import typer
from rich.table import Table

from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.domain.shared.errors import InvalidValue
from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.locale.eligibility import outcome_words, reason_words
from unicard.services.eligibility import evaluation, rule_sets, taking_effect
from unicard.services.operators import SYSTEM_ACTOR

app = typer.Typer(help="Eligibility rule sets of the ministerial committee.", no_args_is_help=True)

_BY = typer.Option(SYSTEM_ACTOR, "--by", help="Who acts, for the audit log.")


@app.command("draft")
def draft_command(
    file: Path = typer.Argument(..., dir_okay=False, help="A rule set as TOML (or a shipped one's name)."),
    shipped: bool = typer.Option(
        False, "--shipped", help="FILE names a rule set unicard ships: round-2019, phase-4, scoring-2017."
    ),
    by: str = _BY,
) -> None:
    """Store FILE as the next draft version of the rule set it names."""
    with container() as wired, explained_errors():
        text = _shipped(file.name) if shipped else _read(file)
        record = rule_sets.draft(
            wired.uow_factory(), wired.clock, parse_rule_set, actor=by, document=text, file=str(file)
        )
    console.print(f"[green]drafted[/] {record.name} version {record.version} by {record.drafted_by}")


@app.command("approve")
def approve_command(
    name: str = typer.Argument(...),
    version: int | None = typer.Option(None, help="The draft's version; the latest when absent."),
    effective_from: str | None = typer.Option(
        None, "--effective-from", help="YYYY-MM-01 of a later month; next month when absent."
    ),
    by: str = _BY,
) -> None:
    """Approve a draft; nobody approves their own."""
    with container() as wired, explained_errors():
        starts = _date(effective_from) if effective_from else None
        record = rule_sets.approve(
            wired.uow_factory(), wired.clock, actor=by, name=name, version=version, effective_from=starts
        )
    console.print(
        f"[green]approved[/] {record.name} version {record.version}, effective from {record.effective_from}"
    )


@app.command("list")
def list_command() -> None:
    """Every rule set version."""
    with container() as wired:
        records = rule_sets.listing(wired.uow_factory())
    table = Table("name", "version", "status", "effective from", "drafted by", "approved by")
    for r in records:
        table.add_row(
            r.name,
            str(r.version),
            r.status.value,
            str(r.effective_from or ""),
            r.drafted_by,
            r.approved_by or "",
        )
    console.print(table)


@app.command("show")
def show_command(name: str, version: int | None = typer.Option(None)) -> None:
    """Print a rule set's document as stored."""
    with container() as wired, explained_errors():
        _, document, _ = rule_sets.show(wired.uow_factory(), parse_rule_set, name, version)
    typer.echo(document, nl=False)


@app.command("dry-run")
def dry_run_command(
    name: str,
    csv_file: Path | None = typer.Option(None, "--csv", dir_okay=False, help="Write the report as CSV."),
    by: str = _BY,
) -> None:
    """What NAME would do to today's population, by governorate and by criterion."""
    with container() as wired, explained_errors():
        report = evaluation.dry_run(wired.uow_factory(), wired.clock, parse_rule_set, actor=by, rule_set=name)
    rows = evaluation.effect_csv_rows(report)
    if csv_file is not None:
        with csv_file.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
    total = report.total()
    console.print(
        f"{report.record.name} v{report.record.version} on {report.on}: {total.households} households"
        f" ({total.people} people); would exclude {total.would_exclude}"
        f" ({total.would_exclude_people} people),"
        f" re-include {total.would_reinclude} ({total.would_reinclude_people} people),"
        f" needs review {total.needs_review}"
    )
    if csv_file is not None:
        console.print(f"report written to {csv_file}")


@app.command("apply")
def apply_command(name: str, by: str = _BY) -> None:
    """Apply an approved rule set: decisions, ration status from its date, SMS to those changed."""
    with container() as wired, explained_errors():
        done = taking_effect.apply(wired.uow_factory(), wired.clock, parse_rule_set, actor=by, name=name)
    console.print(
        f"[green]applied[/] {done.record.name} v{done.record.version} (run {done.run_id}) from"
        f" {done.record.effective_from}: {done.excluded} excluded, {done.restored} restored"
    )


@app.command("explain")
def explain_command(number: str, rule_set: str = typer.Option(..., "--rule-set")) -> None:
    """How a rule set decides one household today, criterion by criterion."""
    with container() as wired, explained_errors():
        explained = evaluation.explain_household(
            wired.uow_factory(), wired.clock, parse_rule_set, number=number, rule_set=rule_set
        )
    criteria = {c.key: c for c in explained.rule_set.criteria}
    decision = explained.decision
    console.print(
        f"{number}: {outcome_words(decision.outcome, 'en')} — {outcome_words(decision.outcome, 'ar')}"
    )
    for reason in decision.reasons:
        console.print(f"  {reason_words(criteria[reason.criterion], reason, 'en')}")
        console.print(f"  {reason_words(criteria[reason.criterion], reason, 'ar')}")


def _shipped(name: str) -> str:
    texts = shipped_rule_texts()
    found = texts.get(name if name.endswith(".toml") else f"{name}.toml")
    if found is None:
        raise InvalidValue("eligibility.rule_set.not_shipped", value=name, shipped=", ".join(sorted(texts)))
    return found


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue("eligibility.rule.unreadable", file=str(file), reason=str(error)) from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue("eligibility.rule_set.bad_date", field="effective_from", value=text) from None


@app.command("bench-national")
def bench_national_command(
    households: int = typer.Option(22_000_000, "--households", min=1, help="Households in the file set."),
    directory: Path = typer.Option(
        Path("/tmp/national"),
        "--dir",
        file_okay=False,
        help="Where the Parquet file set is (written if absent).",
    ),
    seed: int = typer.Option(42, "--seed", help="Seed of the synthetic values."),
    memory_limit: str = typer.Option(
        "3GB", "--memory-limit", help="DuckDB's memory limit; beyond it, it spills."
    ),
) -> None:
    """Write a synthetic national file set (if absent) and dry-run each shipped round over it with
    DuckDB; one JSON line per round on stdout."""
    # DuckDB is the optional 'scale' extra: imported only by the command that needs it.
    from unicard.adapters.columnar.bench import bench_national  # noqa: PLC0415

    for line in bench_national(
        directory,
        households=households,
        seed=seed,
        as_of=dt.date(2026, 11, 1),
        memory_limit=memory_limit,
        progress=lambda text: typer.echo(text, err=True),
    ):
        typer.echo(json.dumps(line), nl=True)
