"""Merchants, terminals and grocer assignment: what a clerk, a terminal or an import reads.

"Terminal" is جهاز الدفع (the POS, ATM or counter device); "grocer" is بدال التموين.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- merchant records -------------------------------------------------------------------------
    "merchant.id_format": (
        "رقم التاجر «{value}» غير صحيح؛ الصيغة هي ثلاثة حروف للنوع ثم رمز المحافظة ثم ستة أرقام،"
        " مثل BKR-03-000123",
        "the merchant id “{value}” is malformed; it is three letters for the kind, the governorate code"
        " and six digits, like BKR-03-000123",
    ),
    "merchant.id_prefix": (
        "بادئة رقم التاجر «{prefix}» في «{value}» لا تدل على أي نوع من التجار"
        " (BKR مخبز، GRC بدال تموين، RTL متجر، ATM صراف البريد، PST شباك البريد،"
        " HLT مقدم رعاية صحية، BIL جهة تحصيل)",
        "the prefix “{prefix}” of “{value}” names no kind of merchant"
        " (BKR bakery, GRC grocer, RTL retail, ATM post ATM, PST post counter,"
        " HLT health provider, BIL biller)",
    ),
    "merchant.id_governorate": (
        "رمز المحافظة {code} في رقم التاجر «{value}» لا يطابق أي محافظة",
        "the governorate code {code} in the merchant id “{value}” is not a governorate",
    ),
    "merchant.id_kind": (
        "رقم التاجر «{value}» لا يناسب النوع {kind}؛ يجب أن يبدأ بالبادئة {prefix}",
        "the merchant id “{value}” does not fit the kind {kind}; it must start with {prefix}",
    ),
    "merchant.id_governorate_differs": (
        "رمز المحافظة في رقم التاجر «{value}» يختلف عن محافظة التاجر {governorate}",
        "the governorate in the merchant id “{value}” differs from the merchant's governorate {governorate}",
    ),
    "merchant.serial_exhausted": (
        "نفدت الأرقام المسلسلة للتجار من النوع {kind} في المحافظة {governorate}",
        "the serial numbers for merchants of kind {kind} in governorate {governorate} are used up",
    ),
    "merchant.kind": (
        "نوع التاجر «{value}» غير معروف؛ الأنواع هي: {allowed}",
        "the merchant kind “{value}” is not known; the kinds are: {allowed}",
    ),
    "merchant.status": (
        "حالة التاجر «{value}» غير معروفة؛ الحالات هي: {allowed}",
        "the merchant status “{value}” is not known; the statuses are: {allowed}",
    ),
    "merchant.governorate": (
        "رمز المحافظة {code} لا يطابق أي محافظة مصرية",
        "the governorate code {code} is not a known Egyptian governorate",
    ),
    "merchant.name_ar_missing": (
        "اسم التاجر بالعربية مطلوب",
        "the merchant's Arabic name is required",
    ),
    "merchant.name_ar_not_arabic": (
        "اسم التاجر «{value}» يجب أن يُكتب بالعربية",
        "the merchant's name “{value}” must be written in Arabic",
    ),
    "merchant.name_en_arabic": (
        "الاسم الإنجليزي «{value}» يجب أن يُكتب بحروف لاتينية",
        "the English name “{value}” must be written in Latin letters",
    ),
    "merchant.name_too_long": (
        "الاسم أطول من {maximum} حرفًا",
        "the name is longer than {maximum} characters",
    ),
    "merchant.closed": (
        "التاجر {merchant_id} مُغلق نهائيًا ولا يمكن تعديله أو إضافة أجهزة له",
        "the merchant {merchant_id} is closed for good; it cannot be changed or given terminals",
    ),
    "merchant.not_found": (
        "لا يوجد تاجر مسجّل بالرقم {merchant_id}",
        "no merchant is registered with the id {merchant_id}",
    ),
    "merchant.duplicate": (
        "رقم التاجر مسجّل بالفعل لتاجر آخر",
        "a merchant with this id is already registered",
    ),
    "merchant.busy": (
        "يُسجَّل تجار آخرون من النوع {kind} في المحافظة {governorate} في اللحظة نفسها؛ أعد المحاولة",
        "other merchants of kind {kind} are being registered in governorate {governorate} at this moment;"
        " try again",
    ),
    "merchant.changed_meanwhile": (
        "عدّل شخص آخر بيانات التاجر {merchant_id} في أثناء ذلك؛ أعد تحميلها وحاول مجددًا",
        "someone else changed the merchant {merchant_id} meanwhile; reload it and try again",
    ),
    "merchant.kind_forbidden": (
        "لا تشمل صلاحياتك التجار من النوع {kind}",
        "your role does not cover merchants of kind {kind}",
    ),
    # -- terminals --------------------------------------------------------------------------------
    "terminal.id_format": (
        "رقم جهاز الدفع «{value}» غير صحيح؛ الصيغة هي T- ثم رقم التاجر ثم رقمان، مثل T-BKR-03-000123-01",
        "the terminal id “{value}” is malformed; it is T-, the merchant id and two digits,"
        " like T-BKR-03-000123-01",
    ),
    "terminal.number_exhausted": (
        "للتاجر {merchant_id} بالفعل {maximum} جهاز دفع، وهو الحد الأقصى",
        "the merchant {merchant_id} already has had {maximum} terminals, the most it can have",
    ),
    "terminal.status": (
        "حالة جهاز الدفع «{value}» غير معروفة؛ الحالات هي: {allowed}",
        "the terminal status “{value}” is not known; the statuses are: {allowed}",
    ),
    "terminal.retired_for_good": (
        "جهاز الدفع {terminal_id} أُخرج من الخدمة نهائيًا ولا يمكن إعادته",
        "the terminal {terminal_id} is retired for good and cannot come back",
    ),
    "terminal.not_found": (
        "لا يوجد جهاز دفع بالرقم {terminal_id}",
        "no terminal has the id {terminal_id}",
    ),
    "terminal.duplicate": (
        "رقم جهاز الدفع مستخدم بالفعل",
        "a terminal with this id already exists",
    ),
    "terminal.changed_meanwhile": (
        "عدّل شخص آخر جهاز الدفع {terminal_id} في أثناء ذلك؛ أعد المحاولة",
        "someone else changed the terminal {terminal_id} meanwhile; try again",
    ),
    # -- terminal authentication (what a terminal is told) ----------------------------------------
    "terminal.bad_credentials": (
        "رقم جهاز الدفع أو الرمز السري غير صحيح",
        "wrong terminal id or secret",
    ),
    "terminal.suspended": (
        "جهاز الدفع {terminal_id} موقوف مؤقتًا",
        "the terminal {terminal_id} is suspended",
    ),
    "terminal.retired": (
        "جهاز الدفع {terminal_id} خارج الخدمة",
        "the terminal {terminal_id} is retired",
    ),
    "terminal.merchant_suspended": (
        "التاجر {merchant_id} موقوف مؤقتًا، فلا يقبل جهاز الدفع {terminal_id} أي عملية",
        "the merchant {merchant_id} is suspended, so the terminal {terminal_id} takes no transactions",
    ),
    "terminal.merchant_closed": (
        "التاجر {merchant_id} مُغلق، فلا يقبل جهاز الدفع {terminal_id} أي عملية",
        "the merchant {merchant_id} is closed, so the terminal {terminal_id} takes no transactions",
    ),
    # -- grocer assignment ------------------------------------------------------------------------
    "grocer.not_a_grocer": (
        "التاجر {merchant_id} ليس بدال تموين (نوعه {kind})؛ لا تُسنَد البطاقات التموينية إلا لبدال تموين",
        "the merchant {merchant_id} is not a grocer (it is a {kind});"
        " households are assigned to grocers only",
    ),
    "grocer.not_active": (
        "بدال التموين {merchant_id} غير عامل (حالته {status})؛ لا تُسنَد إليه بطاقات",
        "the grocer {merchant_id} is not active (status {status}); no household can be assigned to it",
    ),
    "grocer.other_governorate": (
        "بدال التموين {merchant_id} في المحافظة {grocer_governorate}، والبطاقة التموينية في المحافظة"
        " {household_governorate}؛ يجب أن يكونا في المحافظة نفسها",
        "the grocer {merchant_id} is in governorate {grocer_governorate} and the household in"
        " {household_governorate}; they must be in the same governorate",
    ),
    # -- merchants.csv ------------------------------------------------------------------------------
    "import.terminals_count": (
        "عدد أجهزة الدفع «{value}» يجب أن يكون عددًا صحيحًا من 0 إلى {maximum}",
        "the number of terminals “{value}” must be a whole number from 0 to {maximum}",
    ),
    "import.merchant_id_repeated": (
        "رقم التاجر هذا مذكور بالفعل في الصف {first_row} من الملف نفسه",
        "this merchant id is already on row {first_row} of the same file",
    ),
    "import.merchant_name_repeated": (
        "للتاجر في الصف {other_row} النوع والمحافظة والاسم العربي أنفسهم؛"
        " اكتب رقم التاجر لكلٍّ منهما حتى يمكن التمييز بينهما",
        "the merchant on row {other_row} has the same kind, governorate and Arabic name;"
        " give each of them its merchant id so that they can be told apart",
    ),
    "import.merchant_name_ambiguous": (
        "أكثر من تاجر مسجّل بهذا النوع والمحافظة والاسم ({ids})؛ اكتب رقم التاجر المقصود",
        "several merchants are registered with this kind, governorate and name ({ids});"
        " write the id of the one you mean",
    ),
    "import.merchant_registered_differently": (
        "التاجر {merchant_id} مسجّل ببيانات مختلفة ({columns})؛ لا يغيّر الاستيراد سجلًا قائمًا،"
        " فاستخدم تعديل بيانات التاجر",
        "the merchant {merchant_id} is registered with different details ({columns});"
        " an import never changes a record: change the merchant instead",
    ),
    "import.merchant_closed": (
        "التاجر {merchant_id} مُغلق، فلا تُضاف له أجهزة دفع",
        "the merchant {merchant_id} is closed: no terminals can be added",
    ),
    "import.secrets_file_exists": (
        "ملف الرموز السرية {path} من استيراد سابق ما زال موجودًا؛ سلّم رموزه ثم احذفه وأعد الاستيراد",
        "the secrets file {path} of an earlier import still exists;"
        " hand its secrets out, delete it and import again",
    ),
    # -- the CLI ----------------------------------------------------------------------------------
    "merchants.imported": (
        "تمت إضافة {added} تاجر و{terminals} جهاز دفع ({present} تاجر مسجّل من قبل، {rows} صف)",
        "{added} merchants and {terminals} terminals added"
        " ({present} merchants already present, {rows} rows)",
    ),
    "merchants.secrets_written": (
        "كُتبت الرموز السرية لـ{count} جهاز دفع في {path} (يقرؤه مالكه فقط)؛"
        " لن تظهر مرة أخرى: سلّمها لأصحابها ثم احذف الملف",
        "the secrets of {count} terminals were written to {path} (readable by its owner only);"
        " they are not shown again: hand them out, then delete the file",
    ),
}
