"""Reversals: a posted entry is never changed; a mistake is undone by its mirror image."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container

from unicard.domain.ledger.entries import EntryId, EntryKind, JournalEntry, PostedEntry
from unicard.domain.ledger.errors import ReversalRefused


def reverse(
    entry: JournalEntry, *, entry_id: EntryId, memo: str = "", policy_version: str | None = None
) -> JournalEntry:
    """The mirror of ``entry`` (every amount negated), linked to it by ``reverses``.

    It carries the original's policy version unless told otherwise: it undoes the original's
    figures, whatever the policy is today. Whether ``entry`` was already reversed is not known
    here: ask :func:`check_reversible` with what the ledger knows.
    """
    _refuse_reversal_of_reversal(entry)
    return JournalEntry(
        id=entry_id,
        kind=EntryKind.REVERSAL,
        postings=tuple(posting.mirrored() for posting in entry.postings),
        policy_version=policy_version or entry.policy_version,
        memo=memo,
        reverses=entry.id,
    )


def check_reversible(entry: PostedEntry, already_reversed: Container[EntryId]) -> None:
    """Refuse to reverse a reversal (undo it by posting the original anew) or an entry twice."""
    _refuse_reversal_of_reversal(entry)
    if entry.id in already_reversed:
        raise ReversalRefused("ledger.already_reversed", entry_id=entry.id)


def is_mirror(reversal: PostedEntry, original: PostedEntry) -> bool:
    """Whether ``reversal`` undoes exactly ``original``: linked to it, every amount negated."""
    mirrored = Counter(posting.mirrored() for posting in original.postings)
    return reversal.reverses == original.id and Counter(reversal.postings) == mirrored


def _refuse_reversal_of_reversal(entry: PostedEntry) -> None:
    if entry.reverses is not None:
        raise ReversalRefused("ledger.reversal_of_reversal", entry_id=entry.id, reverses=entry.reverses)
