"""A health visit: the card's health service is the coverage check; the co-payment, if any, from
the wallet to the provider."""

from __future__ import annotations

from unicard.domain.ledger import AccountKind, EntryKind
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.wallet import WalletMove, check_balance, wallet_entry
from unicard.domain.policy import ExemptCategory, VisitType
from unicard.domain.shared.clock import age_on
from unicard.domain.shared.money import Money
from unicard.domain.shared.national_id import NationalId
from unicard.services.payments import accounts as keys
from unicard.services.payments.context import Context, Notice, Outcome
from unicard.services.payments.handlers.common import card_of


def handle(ctx: Context) -> Outcome:
    request, card = ctx.request, card_of(ctx)
    if request.amount is None or request.visit_type is None:
        raise Declined(ResponseCode.FORMAT_ERROR, "request.visit_missing")
    try:
        visit = VisitType(request.visit_type)
    except ValueError:
        raise Declined(
            ResponseCode.INVALID_TRANSACTION, "health.visit_type", visit=request.visit_type
        ) from None
    citizen = card.citizen_national_id
    categories = _categories(citizen, ctx)
    copayment = ctx.policy.health.copayment(visit, request.amount, categories)
    receipt: dict[str, object] = {
        "visit": visit.value,
        "cost": request.amount.piasters,
        "copayment": copayment.piasters,
    }
    if not copayment.piasters:
        return Outcome(entry=None, accounts={}, receipt=receipt, citizen_national_id=citizen, amount=0)
    wallet_key, provider_key = (
        keys.wallet(citizen),
        keys.merchant(AccountKind.HEALTH_PROVIDER, ctx.terminal.merchant_id),
    )
    opened = ctx.uow.ledger.open_accounts([wallet_key, provider_key])
    wallet, provider = opened[wallet_key], opened[provider_key]
    balance = Money(ctx.uow.ledger.locked_balances([wallet.id])[wallet.id])
    move = WalletMove(EntryKind.HEALTH_VISIT, wallet, provider, copayment, out_of_wallet=True)
    check_balance(move, balance, max_balance=ctx.policy.wallet.max_balance)
    entry = wallet_entry(
        move, entry_id=ctx.transaction_id, policy_version=ctx.policy.version, memo=visit.value
    )
    receipt["wallet_balance"] = (balance - copayment).piasters
    notice = Notice(
        "wallet_debit",
        {"amount": copayment, "merchant": ctx.merchant_name, "balance": balance - copayment},
        citizen,
        "wallet",
    )
    return Outcome(
        entry=entry,
        accounts={wallet.id: wallet, provider.id: provider},
        receipt=receipt,
        citizen_national_id=citizen,
        amount=copayment.piasters,
        notices=(notice,),
    )


def _categories(national_id: str, ctx: Context) -> frozenset[ExemptCategory]:
    # The other exemptions (pensioners, chronic illness, unable to pay) need UHIA data feeds
    # that unicard does not hold yet; age comes from the national ID itself.
    birth = NationalId.parse(national_id).birth_date
    if age_on(birth, ctx.today) < ctx.policy.health.minor_below_age:
        return frozenset({ExemptCategory.MINOR})
    return frozenset()
