"""Words for the authorization engine: ISO 8583 response codes and decline reasons."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- ISO 8583 response codes, as a terminal shows them -------------------------------------
    "response.00": ("تمت العملية بنجاح", "approved"),
    "response.05": ("لم تتم الموافقة على العملية", "do not honour"),
    "response.12": ("عملية غير صالحة", "invalid transaction"),
    "response.13": ("قيمة غير صالحة", "invalid amount"),
    "response.14": ("رقم الكارت غير صحيح", "invalid card number"),
    "response.30": ("خطأ في صيغة الطلب", "format error"),
    "response.51": ("الرصيد أو الحصة لا تكفي", "insufficient funds or quota"),
    "response.54": ("الكارت منتهي الصلاحية", "expired card"),
    "response.55": ("الرقم السري غير صحيح", "incorrect PIN"),
    "response.57": ("العملية غير مسموح بها لحامل الكارت", "transaction not permitted to cardholder"),
    "response.58": ("العملية غير مسموح بها على هذه الماكينة", "transaction not permitted to terminal"),
    "response.61": ("العملية تتجاوز الحد المسموح", "exceeds limit"),
    "response.62": ("الكارت موقوف", "restricted card"),
    "response.75": ("تم تجاوز عدد محاولات الرقم السري", "PIN tries exceeded"),
    "response.91": ("جهة الإصدار غير متاحة، حاول لاحقًا", "issuer unavailable, try later"),
    "response.94": ("عملية مكررة", "duplicate transmission"),
    "response.96": ("عطل في النظام", "system malfunction"),
    # -- why a request was declined --------------------------------------------------------------
    "bread.loaves": (
        "عدد الأرغفة {loaves} غير مقبول: يجب أن يكون بين 1 و{maximum}",
        "{loaves} loaves is not accepted: it must be between 1 and {maximum}",
    ),
    "bread.daily_quota": (
        "لا يمكن صرف {loaves} رغيف اليوم: المتاح {available} رغيف",
        "{loaves} loaves cannot be drawn today: {available} are available",
    ),
    "bread.month_quota": (
        "انتهت حصة الخبز لهذا الشهر: المتاح {available} رغيف",
        "this month's bread quota is used up: {available} loaves are available",
    ),
    "ration.empty_basket": ("سلة السلع فارغة", "the basket is empty"),
    "ration.quantity": (
        "الكمية {quantity} من السلعة {item} غير مقبولة",
        "a quantity of {quantity} of item {item} is not accepted",
    ),
    "ration.unknown_item": (
        "السلعة {item} ليست في قائمة السلع التموينية",
        "item {item} is not in the ration catalog",
    ),
    "ration.monthly_cap": (
        "تجاوز الحد الشهري للسلعة {item}: الحد {cap} وحدة، صُرف منها {drawn} هذا الشهر، والمتبقي {left}",
        "over the monthly cap for item {item}: the cap is {cap} units, {drawn} already bought this month,"
        " {left} left",
    ),
    "ration.insufficient": (
        "رصيد التموين ونقاط الخبز لا يكفيان: الباقي {amount}",
        "ration credit and bread points do not cover the basket: {amount} remains",
    ),
    "ration.not_assigned_grocer": (
        "هذه البطاقة ليست مسجلة على هذا البقال التمويني",
        "this household is not assigned to this grocer",
    ),
    "supply.no_household": (
        "حامل الكارت ليس عضوًا في بطاقة تموين نشطة",
        "the cardholder is not a member of an active ration card",
    ),
    "supply.period_not_open": ("تعذر فتح حصة الشهر", "the month's entitlement could not be opened"),
    "wallet.none": ("لا توجد محفظة لحامل الكارت", "the cardholder has no wallet"),
    "wallet.balance": ("رصيد المحفظة لا يكفي لمبلغ {amount}", "the wallet balance does not cover {amount}"),
    "amount.not_positive": ("يجب أن يكون المبلغ أكبر من صفر", "the amount must be more than zero"),
    "limit.per_transaction": (
        "المبلغ يتجاوز حد العملية الواحدة ({limit})",
        "the amount exceeds the per-transaction limit ({limit})",
    ),
    "limit.per_day": ("المبلغ يتجاوز الحد اليومي ({limit})", "the amount exceeds the daily limit ({limit})"),
    "limit.max_balance": (
        "الإيداع يتجاوز الحد الأقصى لرصيد المحفظة ({limit})",
        "the deposit would exceed the wallet's maximum balance ({limit})",
    ),
    "health.visit_type": ("نوع الخدمة الصحية {visit} غير معروف", "visit type {visit} is unknown"),
    "card.unknown": ("الكارت غير معروف", "the card is not known"),
    "card.blocked": (
        "الكارت موقوف، يرجى التوجه لمكتب البريد",
        "the card is blocked; please visit a post office",
    ),
    "card.replaced": (
        "تم استبدال هذا الكارت بكارت جديد؛ استخدم الكارت الجديد",
        "this card was replaced; use the new card",
    ),
    "card.expired": ("الكارت منتهي الصلاحية", "the card has expired"),
    "card.not_active": ("الكارت لم يتم تفعيله بعد", "the card is not active yet"),
    "card.service_off": (
        "الخدمة ({service}) غير مفعلة على هذا الكارت بعد",
        "the {service} service is not active on this card yet",
    ),
    "terminal.type_not_accepted": (
        "هذه الماكينة لا تقبل هذا النوع من العمليات",
        "this terminal does not accept this type of transaction",
    ),
    "reversal.original_missing": ("رقم العملية الأصلية مطلوب", "the original transaction id is required"),
    "reversal.unknown_original": (
        "العملية الأصلية {original} غير معروفة",
        "original transaction {original} is unknown",
    ),
    "reversal.original_declined": (
        "العملية الأصلية {original} لم تتم الموافقة عليها، فلا يوجد ما يُلغى",
        "original transaction {original} was declined; there is nothing to reverse",
    ),
    "reversal.other_merchant": (
        "العملية {original} تخص تاجرًا آخر",
        "transaction {original} belongs to another merchant",
    ),
    "reversal.already_reversed": (
        "العملية {original} أُلغيت من قبل",
        "transaction {original} was already reversed",
    ),
    "request.loaves_missing": ("عدد الأرغفة مطلوب", "the number of loaves is required"),
    "request.amount_missing": ("المبلغ مطلوب", "the amount is required"),
    "request.visit_missing": (
        "نوع الخدمة الصحية وتكلفتها مطلوبان",
        "the visit type and its cost are required",
    ),
    "request.bill_reference_missing": ("رقم الفاتورة مطلوب", "the bill reference is required"),
    "idempotency.key_reused": (
        "مفتاح عدم التكرار {key} استُخدم من قبل لطلب مختلف",
        "idempotency key {key} was already used for a different request",
    ),
    "idempotency.key_missing": (
        "يجب إرسال الترويسة Idempotency-Key مع كل عملية",
        "every transaction needs an Idempotency-Key header",
    ),
}

MESSAGES["card.duplicate"] = (
    "يوجد كارت مسجل بالفعل بهذا الرقم (آخر أربعة أرقام {last4})",
    "a card with this number (last four {last4}) is already registered",
)

# -- read endpoints, G2P payment files, closing periods ------------------------------------------
MESSAGES.update(
    {
        "history.limit": (
            "عدد العمليات في الصفحة يجب أن يكون بين ١ و{maximum}",
            "the page size must be between 1 and {maximum}",
        ),
        "history.cursor_unknown": (
            "المؤشر {value} لا يشير إلى عملية في هذا السجل",
            "cursor {value} is not a transaction of this history",
        ),
        "g2p.batch_id": (
            "رقم الدفعة {value} غير صالح: حتى ٢٨ حرفًا لاتينيًا أو رقمًا أو : . _ -",
            "batch id {value} is invalid: up to 28 letters, digits or : . _ -",
        ),
        "g2p.repeated": (
            "الرقم القومي مكرر في الملف (ورد أولًا في الصف {first_row})",
            "national ID repeated in the file (first in row {first_row})",
        ),
        "g2p.unknown_citizen": ("الرقم القومي غير مسجل", "no citizen is registered with this national ID"),
        "g2p.deceased": ("المواطن متوفى", "the citizen is deceased"),
        "g2p.amount_not_positive": (
            "المبلغ يجب أن يكون أكبر من صفر",
            "the amount must be greater than zero",
        ),
        "g2p.above_max_balance": (
            "الإضافة تتجاوز الحد الأقصى لرصيد المحفظة ({limit})",
            "the credit would take the wallet above its maximum balance ({limit})",
        ),
        "g2p.paid": (
            "تم صرف الدفعة {batch}: {paid} من {rows} صف، بإجمالي {total}",
            "batch {batch} paid: {paid} of {rows} rows, {total} in all",
        ),
        "g2p.already_paid": (
            "الدفعة {batch} صُرفت من قبل؛ لم يتغير شيء",
            "batch {batch} was already paid; nothing changed",
        ),
        "g2p.refused_rows": (
            "{errors} صف لم يُصرف؛ الأسباب في {path}",
            "{errors} rows were not paid; the reasons are in {path}",
        ),
        "entitlements.period_format": (
            "الشهر {value} غير صالح؛ الصيغة YYYY-MM",
            "month {value} is invalid; the format is YYYY-MM",
        ),
        "entitlements.period_future": (
            "لا يمكن إغلاق الشهور قبل شهر لم يبدأ بعد ({value})",
            "cannot close the months before a month that has not begun ({value})",
        ),
        "entitlements.closed": (
            "أُغلقت شهور {households} أسرة قبل {period}: رصيد تمويني منتهٍ {credit}، "
            "{loaves} رغيف تحولت إلى نقاط خبز بقيمة {points}",
            "closed the months of {households} households before {period}: ration credit lapsed "
            "{credit}, {loaves} loaves converted to bread points worth {points}",
        ),
    }
)
