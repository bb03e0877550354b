"""Benefit policy: why a policy version, a policy file or a look-up in the policy book was refused.

``{field}`` is the key path of the value, as the data file and the JSON of a version spell it
(``bread.loaf_cost``, ``policy[1].wallet.purchase.per_day``); it stays in Latin letters in the
Arabic text too, because that is what the administrator searches the file for.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- values that break a rule (قيم مخالفة) ---------------------------------------------------
    "policy.negative": (
        "قيمة {field} هي {value}، ولا يجوز أن تكون سالبة",
        "{field} is {value}; it must not be negative",
    ),
    "policy.not_positive": (
        "قيمة {field} هي {value}، ويجب أن تكون أكبر من صفر",
        "{field} is {value}; it must be more than zero",
    ),
    "policy.out_of_range": (
        "قيمة {field} هي {value}، ويجب أن تكون بين {minimum} و{maximum}",
        "{field} is {value}; it must be between {minimum} and {maximum}",
    ),
    "policy.below": (
        "قيمة {field} هي {value}، ولا يجوز أن تقل عن قيمة {other} وهي {minimum}",
        "{field} is {value}; it must not be less than {other}, which is {minimum}",
    ),
    "policy.price_above_cost": (
        "سعر الرغيف للمواطن ({field} = {price}) أعلى من تكلفة الرغيف ({cost})؛"
        " دعم المخبز هو الفرق بينهما ولا يجوز أن يكون سالبًا",
        "the citizen's price per loaf ({field} = {price}) is above the loaf cost ({cost});"
        " the bakery subsidy is the difference and cannot be negative",
    ),
    "policy.day_below_transaction": (
        "الحد اليومي {field} ({per_day}) أقل من حد العملية الواحدة ({per_transaction})؛"
        " يجب ألا يقل الحد اليومي عن حد العملية",
        "the daily limit {field} ({per_day}) is below the per-transaction limit ({per_transaction});"
        " a day must allow at least one full transaction",
    ),
    "policy.text_missing": (
        "النص في {field} فارغ، ويجب كتابته",
        "{field} is empty; it must be written out",
    ),
    "policy.not_arabic": (
        "الاسم العربي في {field} («{value}») لا يحتوي على حروف عربية",
        "the Arabic name in {field} (“{value}”) contains no Arabic letters",
    ),
    "policy.code_format": (
        "رمز السلعة «{value}» في {field} غير صالح: يبدأ بحرف لاتيني صغير ثم حروف لاتينية صغيرة"
        " أو أرقام أو شرطة سفلية، بحد أقصى 40 حرفًا",
        "the item code “{value}” in {field} is not valid: a lowercase Latin letter, then lowercase"
        " letters, digits or underscores, 40 characters at most",
    ),
    "policy.catalog_empty": (
        "قائمة السلع التموينية ({field}) فارغة؛ يجب أن تحتوي على سلعة واحدة على الأقل",
        "the ration commodity catalog ({field}) is empty; it must list at least one item",
    ),
    "policy.duplicate_code": (
        "رمز السلعة {code} مكرر في {field}؛ لكل سلعة رمز واحد لا يتكرر",
        "the item code {code} appears twice in {field}; each item has its own code",
    ),
    "policy.unknown_item": (
        "السلعة {code} ليست في قائمة السلع التموينية المعمول بها",
        "the item {code} is not in the ration commodity catalog in force",
    ),
    "policy.missing_entry": (
        "لا توجد قيمة لـ {field}؛ يجب تحديدها صراحةً",
        "{field} has no value; it must be set explicitly",
    ),
    "policy.no_methods": (
        "لم تُحدَّد أي وسيلة للتحقق من حامل البطاقة في {field}؛ اذكر وسيلة واحدة على الأقل أو card_only",
        "no cardholder verification method is listed in {field}; list at least one, or card_only",
    ),
    "policy.card_only_combined": (
        "في {field} ذُكرت card_only مع وسائل تحقق أخرى؛ card_only تعني عدم طلب أي تحقق فلا تُذكر إلا وحدها",
        "{field} lists card_only together with other methods; card_only means no check, so it stands alone",
    ),
    "policy.version_format": (
        "معرّف الإصدار «{value}» غير صالح: حروف لاتينية وأرقام ونقاط وشرطات، بحد أقصى 40 حرفًا،"
        " مثل 2024-06-01.1",
        "the version id “{value}” is not valid: Latin letters, digits, dots and dashes,"
        " 40 characters at most, such as 2024-06-01.1",
    ),
    "policy.unknown_key": (
        "المفتاح «{key}» المذكور في {field} لا يطابق أي قاعدة في هذا الإصدار",
        "the key “{key}” in {field} names no rule of this version",
    ),
    "policy.unconfirmed_without_source": (
        "القيمة «{key}» مُعلَّمة كغير مؤكدة في {field} دون ذكر مصدرها في sources؛"
        " كل قيمة غير مؤكدة يجب أن تذكر من أين جاءت",
        "“{key}” is marked unconfirmed in {field} without a source in sources;"
        " an unconfirmed value must say where it comes from",
    ),
    # -- the shape of the data (شكل البيانات) ----------------------------------------------------
    "policy.missing_field": (
        "المفتاح {field} مطلوب ولم يُذكر",
        "the key {field} is required but missing",
    ),
    "policy.misspelt_field": (
        "لا يوجد إعداد باسم {field}؛ هل المقصود {expected}؟",
        "there is no setting {field}; did you mean {expected}?",
    ),
    "policy.unknown_field": (
        "لا يوجد إعداد باسم {field}؛ راجع الإملاء. المفاتيح المعروفة هنا: {known}",
        "there is no setting {field}; check the spelling. The keys known here are: {known}",
    ),
    "policy.not_integer": (
        "قيمة {field} هي {value}، ويجب أن تكون عددًا صحيحًا (المبالغ بالقروش دون كسور)",
        "{field} is {value}; it must be a whole number (amounts are in piasters, without fractions)",
    ),
    "policy.not_text": (
        "قيمة {field} هي {value}، ويجب أن تكون نصًا بين علامتي تنصيص",
        "{field} is {value}; it must be text in quotes",
    ),
    "policy.not_date": (
        "قيمة {field} هي {value}، ويجب أن تكون تاريخًا بالصيغة YYYY-MM-DD دون وقت",
        "{field} is {value}; it must be a date written YYYY-MM-DD, without a time",
    ),
    "policy.not_list": (
        "قيمة {field} هي {value}، ويجب أن تكون قائمة بين قوسين مربعين [ ]",
        "{field} is {value}; it must be a list in square brackets [ ]",
    ),
    "policy.not_table": (
        "قيمة {field} هي {value}، ويجب أن تكون جدولًا من المفاتيح والقيم",
        "{field} is {value}; it must be a table of keys and values",
    ),
    "policy.unknown_choice": (
        "القيمة «{value}» في {field} غير معروفة؛ القيم المقبولة: {allowed}",
        "“{value}” in {field} is not known; the accepted values are: {allowed}",
    ),
    "policy.duplicate_choice": (
        "القيمة «{value}» مكررة في {field}",
        "“{value}” appears twice in {field}",
    ),
    "policy.repeated_key": (
        "المفتاح «{key}» مكرر في نص JSON للسياسة؛ لا يُقبل المفتاح نفسه مرتين في الكائن نفسه",
        "the key “{key}” appears twice in the policy JSON; an object may not repeat a key",
    ),
    "policy.json_syntax": (
        "نص JSON للسياسة غير سليم في السطر {line}، العمود {column}: {reason}",
        "the policy JSON is malformed at line {line}, column {column}: {reason}",
    ),
    # -- the policy book (سجل إصدارات السياسة) ---------------------------------------------------
    "policy.no_versions": (
        "لا توجد أي سياسة دعم مسجّلة، فلا توجد قواعد سارية في {on}",
        "no benefit policy is recorded, so no rules are in force on {on}",
    ),
    "policy.not_in_force": (
        "لا توجد سياسة دعم سارية في {on}؛ أقدم إصدار يسري اعتبارًا من {earliest}",
        "no benefit policy is in force on {on}; the earliest version takes effect on {earliest}",
    ),
    "policy.unknown_version": (
        "لا يوجد إصدار من سياسة الدعم بالمعرّف {version}",
        "there is no benefit policy version {version}",
    ),
    "policy.duplicate_version": (
        "يوجد بالفعل إصدار من سياسة الدعم بالمعرّف {version}؛ لا يُعدَّل إصدار بعد تسجيله،"
        " بل يُضاف إصدار جديد بمعرّف جديد",
        "a benefit policy version {version} already exists; a version is never changed once"
        " recorded: add a new one with a new id",
    ),
    "policy.duplicate_effective_from": (
        "الإصداران {other} و{version} يسريان كلاهما اعتبارًا من {effective_from}؛"
        " لا يسري في اليوم الواحد إلا إصدار واحد",
        "versions {other} and {version} both take effect on {effective_from};"
        " only one version can start on a given day",
    ),
    "policy.retroactive": (
        "الإصدار {version} يسري اعتبارًا من {effective_from}، وهو ليس بعد اليوم ({today})؛"
        " التغيير بأثر رجعي يغيّر قواعد أيام صدرت فيها قرارات بالفعل، ولا يُقبل إلا إذا طُلب صراحةً",
        "version {version} takes effect on {effective_from}, which is not after today ({today});"
        " a retroactive change alters the rules of days already decided and is accepted only"
        " when explicitly requested",
    ),
    # -- policy files (ملفات السياسة) -------------------------------------------------------------
    "policy_file.unreadable": (
        "تعذّرت قراءة ملف السياسة {file}: {reason}",
        "the policy file {file} cannot be read: {reason}",
    ),
    "policy_file.syntax": (
        "ملف السياسة {file} غير سليم الصياغة (TOML) في السطر {line}، العمود {column}: {reason}",
        "the policy file {file} is not valid TOML at line {line}, column {column}: {reason}",
    ),
}
