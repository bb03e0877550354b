"""Eligibility rule sets, evaluations and decisions (أهلية الدعم التمويني).

A rule-file problem always carries ``line`` and ``field`` (the key path), so the analyst who
wrote the file can go straight to it.
"""

from __future__ import annotations

_AT_AR = "ملف القواعد {file}، السطر {line} ({field}): "
_AT_EN = "rule file {file}, line {line} ({field}): "


def _at(arabic: str, english: str) -> tuple[str, str]:
    return _AT_AR + arabic, _AT_EN + english


MESSAGES: dict[str, tuple[str, str]] = {
    # -- the rule file ---------------------------------------------------------------------------
    "eligibility.rule.syntax": (
        "ملف القواعد {file} ليس بصيغة TOML سليمة في السطر {line}، العمود {column}: {reason}",
        "the rule file {file} is not valid TOML at line {line}, column {column}: {reason}",
    ),
    "eligibility.rule.not_table": _at(
        "يجب أن يكون هذا جدولًا من المفاتيح والقيم", "this must be a table of keys"
    ),
    "eligibility.rule.unknown_key": _at(
        "المفتاح «{key}» غير معروف في ملف القواعد", "the key “{key}” is not part of the rule file format"
    ),
    "eligibility.rule.missing": _at("المفتاح «{key}» مطلوب وغير موجود", "the key “{key}” is required"),
    "eligibility.rule.not_text": _at(
        "يجب أن تكون قيمة «{key}» نصًا غير فارغ", "“{key}” must be a non-empty text"
    ),
    "eligibility.rule.not_whole": _at(
        "القيمة {value} ليست عددًا صحيحًا لا يقل عن {minimum}",
        "{value} is not a whole number of at least {minimum}",
    ),
    "eligibility.rule.not_flag": _at(
        "القيمة {value} يجب أن تكون true أو false", "{value} must be true or false"
    ),
    "eligibility.rule.name": _at(
        "اسم مجموعة القواعد «{value}» غير صالح: حروف لاتينية صغيرة وأرقام و. و_ و- فقط",
        "the rule set name “{value}” is not valid: lower-case letters, digits, '.', '_' and '-' only",
    ),
    "eligibility.rule.unknown_method": _at(
        "طريقة الجمع «{value}» غير معروفة؛ المتاح: {allowed}",
        "the combination method “{value}” is unknown; use one of: {allowed}",
    ),
    "eligibility.rule.at_least_with_any": _at(
        'المفتاح at_least لا يُستخدم إلا مع method = "at_least"',
        'at_least is used only with method = "at_least"',
    ),
    "eligibility.rule.at_least_too_high": _at(
        "الحد الأدنى {at_least} أكبر من عدد المعايير ({count})",
        "at_least is {at_least}, but there are only {count} criteria",
    ),
    "eligibility.rule.bad_list": _at(
        "القائمة يجب أن تكون قائمة غير فارغة من الرموز النصية",
        "a list must be a non-empty list of text codes",
    ),
    "eligibility.rule.no_criteria": _at(
        "يجب أن يحتوي الملف على معيار واحد على الأقل ([[criterion]])",
        "the file must have at least one criterion ([[criterion]])",
    ),
    "eligibility.rule.duplicate_key": _at(
        "المعيار «{key}» مُعرَّف أكثر من مرة", "the criterion “{key}” is defined more than once"
    ),
    "eligibility.rule.unknown_fact": _at(
        "البيان «{fact}» غير موجود في دليل البيانات؛ المتاح: {known}",
        "the fact “{fact}” is not in the fact catalog; known facts: {known}",
    ),
    "eligibility.rule.unknown_operator": _at(
        "المعامل «{value}» غير معروف؛ المتاح: {allowed}",
        "the operator “{value}” is unknown; use one of: {allowed}",
    ),
    "eligibility.rule.unknown_scope": _at(
        "النطاق «{value}» غير معروف؛ المتاح: {allowed}",
        "the scope “{value}” is unknown; use one of: {allowed}",
    ),
    "eligibility.rule.unknown_when_missing": _at(
        "القيمة «{value}» غير معروفة لـ when_missing؛ المتاح: {allowed}",
        "“{value}” is not a when_missing choice; use one of: {allowed}",
    ),
    "eligibility.rule.total_of_code": _at(
        "لا يمكن جمع البيان «{fact}» على مستوى الأسرة لأنه رمز وليس رقمًا",
        "the fact “{fact}” is a code, not a number: it cannot be totalled over the household",
    ),
    "eligibility.rule.unit_of_code": _at(
        "البيان «{fact}» رمز ولا وحدة له", "the fact “{fact}” is a code and takes no unit"
    ),
    "eligibility.rule.operator_for_code": _at(
        "المعامل «{operator}» لا يصلح للبيان «{fact}» لأنه رمز؛ استخدم == أو in",
        "the operator “{operator}” does not apply to the code fact “{fact}”; use == or in",
    ),
    "eligibility.rule.unknown_list": _at(
        "القائمة «{list}» غير مُعرَّفة في الجدول [lists]", "the list “{list}” is not defined under [lists]"
    ),
    "eligibility.rule.threshold": _at(
        'الحد «{value}» ليس رقمًا صالحًا (مثل 30000 أو "12.5")',
        'the threshold “{value}” is not a valid number (such as 30000 or "12.5")',
    ),
    "eligibility.rule.wrong_unit": _at(
        "الوحدة «{unit}» لا تصلح لهذا البيان؛ المتاح: {allowed}",
        "the unit “{unit}” does not fit this fact; use one of: {allowed}",
    ),
    "eligibility.rule.inexact": _at(
        "الحد {value} {unit} لا يساوي عددًا صحيحًا من الوحدة الأساسية",
        "the threshold {value} {unit} is not a whole number of the fact's base unit",
    ),
    # -- rule sets: lifecycle ----------------------------------------------------------------------
    "eligibility.rule_set.not_found": ("مجموعة القواعد «{name}» غير موجودة", "there is no rule set “{name}”"),
    "eligibility.rule_set.self_approval": (
        "لا يجوز لـ {actor} اعتماد مسودة كتبها بنفسه؛ يعتمدها مستخدم آخر له دور معتمِد القواعد",
        "{actor} drafted this rule set and may not approve it; another rules approver must",
    ),
    "eligibility.rule_set.not_draft": (
        "مجموعة القواعد «{name}» (الإصدار {version}) حالتها {status} وليست مسودة",
        "the rule set “{name}” (version {version}) is {status}, not a draft",
    ),
    "eligibility.rule_set.not_approved": (
        "مجموعة القواعد «{name}» (الإصدار {version}) لم تُعتمد بعد",
        "the rule set “{name}” (version {version}) has not been approved",
    ),
    "eligibility.rule_set.effective_from": (
        "تاريخ السريان {date} يجب أن يكون أول يوم من شهر قادم (بعد {today})",
        "the effective date {date} must be the first day of a month after {today}",
    ),
    "eligibility.household.not_found": (
        "لا توجد أسرة برقم {number}",
        "there is no household number {number}",
    ),
    "eligibility.decision.not_found": (
        "لا يوجد قرار أهلية رقم {id}",
        "there is no eligibility decision {id}",
    ),
    # -- explanations: an outcome, and one criterion's result ---------------------------------------
    "eligibility.outcome.eligible": ("مستحق للدعم التمويني", "eligible for the ration"),
    "eligibility.outcome.excluded": ("مستبعد من الدعم التمويني", "excluded from the ration"),
    "eligibility.outcome.needs_review": ("يحتاج إلى مراجعة موظف", "needs review by an officer"),
    "eligibility.reason.held": (
        "ينطبق: {label} — القيمة {value} ({member}المصدر {source}، بتاريخ {as_of})",
        "holds: {label} — value {value} ({member}source {source}, as of {as_of})",
    ),
    "eligibility.reason.not_held": (
        "لا ينطبق: {label} — القيمة {value} ({member}المصدر {source}، بتاريخ {as_of})",
        "does not hold: {label} — value {value} ({member}source {source}, as of {as_of})",
    ),
    "eligibility.reason.not_held_none": (
        "لا ينطبق: {label} — لم تُبلغ الجهة عن أي فرد في الأسرة",
        "does not hold: {label} — the agency reported nothing for any member",
    ),
    "eligibility.reason.missing": (
        "غير معروف: {label} — لا توجد بيانات عن الأسرة، فيحتاج القرار إلى مراجعة",
        "unknown: {label} — no data for the household, so the decision needs review",
    ),
    "eligibility.reason.stale": (
        "غير معروف: {label} — البيانات قديمة (بتاريخ {as_of})، فيحتاج القرار إلى مراجعة",
        "unknown: {label} — the data is too old (as of {as_of}), so the decision needs review",
    ),
    "eligibility.reason.not_applicable": (
        "لا يسري: {label} — الأسرة مقيدة على البطاقة التموينية وليست متقدمًا جديدًا",
        "does not apply: {label} — the household is on the ration already, not a new entrant",
    ),
    "eligibility.reason.member": ("الفرد {national_id}، ", "member {national_id}, "),
}
