"""The ledger: declines a citizen or clerk reads, refusals of malformed entries, and the check.

``ledger.insufficient_funds.<kind>`` is what a terminal shows on a decline (response 51); it
never states a balance, since whoever stands at the terminal may not own the account. The
other refusals report a bug in the calling code, so they name entries and accounts by id.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- declines (رفض العملية) ---------------------------------------------------------------------
    "ledger.insufficient_funds": (
        "الرصيد لا يكفي لإتمام هذه العملية",
        "the balance is not enough for this transaction",
    ),
    "ledger.insufficient_funds.wallet": (
        "رصيد المحفظة لا يكفي لإتمام هذه العملية",
        "the wallet balance is not enough for this transaction",
    ),
    "ledger.insufficient_funds.ration_credit": (
        "رصيد التموين المتبقي لا يكفي لإتمام هذه العملية",
        "the ration credit left is not enough for this transaction",
    ),
    "ledger.insufficient_funds.bread_quota": (
        "حصة الخبز المتبقية لا تكفي لعدد الأرغفة المطلوب",
        "the bread quota left does not cover the loaves requested",
    ),
    "ledger.insufficient_funds.bread_points": (
        "رصيد نقاط الخبز لا يكفي لإتمام هذه العملية",
        "the bread points balance is not enough for this transaction",
    ),
    # -- accounts (الحسابات) -----------------------------------------------------------------------
    "ledger.account_id_missing": (
        "يجب ذكر رقم الحساب",
        "an account id is required",
    ),
    "ledger.owner_id_missing": (
        "يجب ذكر صاحب الحساب (نوعه {owner_type})",
        "the account's owner (of type {owner_type}) must be identified",
    ),
    "ledger.owner_mismatch": (
        "حساب من نوع {kind} يملكه {expected}، لا {owner_type}",
        "an account of kind {kind} is held by a {expected}, not a {owner_type}",
    ),
    "ledger.account_exists": (
        "الحساب {account_id} مفتوح بالفعل",
        "account {account_id} is already open",
    ),
    "ledger.unknown_account": (
        "لا يوجد حساب برقم {account_id}",
        "there is no account {account_id}",
    ),
    # -- journal entries (القيود) -------------------------------------------------------------------
    "ledger.amount_not_integer": (
        "القيمة {value} ليست عددًا صحيحًا؛ تُقيَّد المبالغ بعدد صحيح من القروش أو الأرغفة أو النقاط",
        "{value} is not a whole number; amounts are whole piasters, loaves or points",
    ),
    "ledger.amount_not_positive": (
        "المبلغ {value} يجب أن يكون أكبر من صفر؛ يحدد الخصم أو الإضافة اتجاه الحركة",
        "the amount {value} must be greater than zero; debit or credit gives the direction",
    ),
    "ledger.zero_posting": (
        "بند القيد على الحساب {account_id} قيمته صفر، ولا يُقيَّد بند بلا قيمة",
        "the posting to account {account_id} is zero; a posting must move something",
    ),
    "ledger.entry_id_missing": (
        "يجب أن يكون للقيد رقم (مرجع العملية)",
        "a journal entry needs an id (the transaction reference)",
    ),
    "ledger.policy_version_missing": (
        "يجب أن يذكر القيد {entry_id} إصدار السياسة الذي بُني عليه",
        "journal entry {entry_id} must name the policy version it used",
    ),
    "ledger.reversal_link": (
        "القيد {entry_id}: القيد العكسي وحده يشير إلى قيد آخر يلغيه، ولا يلغي قيد نفسه",
        "journal entry {entry_id}: only a reversal names an entry it reverses, and never itself",
    ),
    "ledger.no_postings": (
        "القيد {entry_id} ليس فيه أي بند",
        "journal entry {entry_id} has no postings",
    ),
    "ledger.account_repeated": (
        "القيد {entry_id} يذكر الحساب {account_id} أكثر من مرة؛ يُجمع ما على الحساب في بند واحد",
        "journal entry {entry_id} posts to account {account_id} more than once;"
        " combine them into one posting",
    ),
    "ledger.unbalanced": (
        "القيد {entry_id} غير متوازن: مجموع بنوده بوحدة {unit} يساوي {total} لا صفرًا",
        "journal entry {entry_id} does not balance: its {unit} postings sum to {total}, not zero",
    ),
    "ledger.unit_mismatch": (
        "بند بوحدة {unit} على الحساب {account_id} الذي يُمسك بوحدة {account_unit}",
        "a posting in {unit} to account {account_id}, which holds {account_unit}",
    ),
    "ledger.duplicate_entry": (
        "القيد {entry_id} مقيَّد بالفعل",
        "journal entry {entry_id} is already posted",
    ),
    "ledger.unknown_entry": (
        "لا يوجد قيد برقم {entry_id}",
        "there is no journal entry {entry_id}",
    ),
    # -- reversals (القيود العكسية) -----------------------------------------------------------------
    "ledger.already_reversed": (
        "العملية {entry_id} أُلغيت من قبل، ولا تُلغى مرتين",
        "transaction {entry_id} was already reversed; it cannot be reversed twice",
    ),
    "ledger.reversal_of_reversal": (
        "العملية {entry_id} هي نفسها إلغاء للعملية {reverses}، ولا يُلغى الإلغاء؛ أعد تنفيذ العملية الأصلية",
        "transaction {entry_id} is itself the reversal of {reverses} and cannot be reversed;"
        " make the original transaction again instead",
    ),
    "ledger.not_a_mirror": (
        "القيد {entry_id} لا يعكس القيد {reverses} بندًا ببند",
        "journal entry {entry_id} is not the exact mirror of entry {reverses}",
    ),
    # -- the ledger check (مراجعة الدفاتر) ----------------------------------------------------------
    "ledger.check.unknown_account": (
        "القيد {entry_id} يقيّد على الحساب {account_id} وهو غير موجود",
        "entry {entry_id} posts to account {account_id}, which does not exist",
    ),
    "ledger.check.unit_mismatch": (
        "القيد {entry_id} يقيّد بوحدة {unit} على الحساب {account_id} الذي يُمسك بوحدة أخرى",
        "entry {entry_id} posts {unit} to account {account_id}, which holds another unit",
    ),
    "ledger.check.entry_unbalanced": (
        "القيد {entry_id} غير متوازن: مجموع بنوده بوحدة {unit} يساوي {found}",
        "entry {entry_id} does not balance: its {unit} postings sum to {found}",
    ),
    "ledger.check.orphan_reversal": (
        "القيد {entry_id} يلغي قيدًا غير موجود",
        "entry {entry_id} reverses an entry that does not exist",
    ),
    "ledger.check.reversal_of_reversal": (
        "القيد {entry_id} يلغي قيدًا هو نفسه إلغاء",
        "entry {entry_id} reverses an entry that is itself a reversal",
    ),
    "ledger.check.reversal_not_mirror": (
        "القيد {entry_id} لا يعكس القيد الذي يلغيه بندًا ببند",
        "entry {entry_id} is not the exact mirror of the entry it reverses",
    ),
    "ledger.check.reversed_twice": (
        "القيد {entry_id} أُلغي أكثر من مرة",
        "entry {entry_id} is reversed more than once",
    ),
    "ledger.check.orphan_balance": (
        "يوجد رصيد محفوظ للحساب {account_id} وهو غير موجود",
        "a balance is stored for account {account_id}, which does not exist",
    ),
    "ledger.check.balance_mismatch": (
        "الرصيد المحفوظ للحساب {account_id} هو {found} بوحدة {unit}، ومجموع بنوده {expected}",
        "account {account_id} has a stored balance of {found} {unit}, but its postings sum to {expected}",
    ),
    "ledger.check.unit_not_zero": (
        "مجموع أرصدة كل الحسابات بوحدة {unit} يساوي {found} لا صفرًا",
        "the {unit} balances of all accounts sum to {found}, not zero",
    ),
    "ledger.check.floor_broken": (
        "رصيد الحساب {account_id} هو {found} بوحدة {unit}، أقل من حده الأدنى {expected}",
        "account {account_id} stands at {found} {unit}, below its floor of {expected}",
    ),
}
