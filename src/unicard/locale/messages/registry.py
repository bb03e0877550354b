"""The citizen and household registry: what a clerk reads when a registration or change is refused.

Some codes are raised both by the use cases (with params) and by the database backstop in
``adapters/db/integrity.py`` (with only the constraint name, after a race). Their templates use
no params, so the sentence reads right whichever of the two raised it.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- citizens (المواطنون) ------------------------------------------------------------------
    "citizen.not_found": (
        "لا يوجد مواطن مسجّل بالرقم القومي {national_id}",
        "no citizen is registered with the national ID {national_id}",
    ),
    "citizen.duplicate": (
        "هذا الرقم القومي مسجّل بالفعل لمواطن آخر، ولا يجوز تسجيله مرتين",
        "a citizen with this national ID is already registered; a national ID is registered only once",
    ),
    "citizen.mobile_taken": (
        "رقم المحمول هذا مسجّل بالفعل باسم مواطن آخر على قيد الحياة؛ يُسجَّل كل خط باسم صاحبه فقط",
        "this mobile number is already the registered line of another living citizen;"
        " a line is registered only to its own holder",
    ),
    "citizen.birth_date_mismatch": (
        "تاريخ الميلاد المُدخل {stated} لا يطابق تاريخ الميلاد المُستخرَج من الرقم القومي {encoded}",
        "the birth date entered, {stated}, does not match the birth date in the national ID, {encoded}",
    ),
    "citizen.sex_mismatch": (
        "النوع المُدخل ({stated}) لا يطابق النوع المُستخرَج من الرقم القومي ({encoded})؛"
        " حيث M تعني ذكر وF تعني أنثى",
        "the sex entered ({stated}) does not match the sex in the national ID ({encoded});"
        " M means male and F female",
    ),
    "citizen.sex": (
        "قيمة النوع «{value}» غير مفهومة؛ اكتب M للذكر أو F للأنثى",
        "the sex “{value}” is not understood; write M for male or F for female",
    ),
    "citizen.name_ar_missing": (
        "الاسم بالعربية مطلوب",
        "the Arabic name is required",
    ),
    "citizen.name_ar_not_arabic": (
        "الاسم «{value}» يجب أن يُكتب بحروف عربية فقط، دون حروف لاتينية أو أرقام",
        "the name “{value}” must be written in Arabic letters only, without Latin letters or digits",
    ),
    "citizen.name_latin_invalid": (
        "الاسم باللاتينية «{value}» يجب أن يتكون من حروف لاتينية ومسافات فقط"
        " (يُسمح بالنقطة والشرطة والفاصلة العليا)",
        "the Latin name “{value}” may contain only Latin letters and spaces (and the characters . - ')",
    ),
    "citizen.residence_governorate": (
        "رمز محافظة الإقامة {code} لا يطابق أي محافظة مصرية",
        "the governorate of residence {code} is not a known Egyptian governorate",
    ),
    "citizen.minor_mobile": (
        "لا يُسجَّل رقم محمول لمن هو دون {adult_age} عامًا، لأن شركات المحمول تسجّل الخطوط باسم البالغين فقط",
        "a mobile number cannot be registered to a citizen under {adult_age}:"
        " operators register lines to adults only",
    ),
    "citizen.deceased": (
        "المواطن صاحب الرقم القومي {national_id} متوفى، ولا يجوز تعديل سجله أو إضافته إلى أسرة",
        "the citizen with national ID {national_id} is deceased: the record cannot be changed"
        " and they cannot join a household",
    ),
    "citizen.already_deceased": (
        "المواطن صاحب الرقم القومي {national_id} مسجّل متوفى بالفعل",
        "the citizen with national ID {national_id} is already recorded as deceased",
    ),
    "citizen.death_date": (
        "تاريخ الوفاة {date} غير مقبول: يجب ألا يسبق تاريخ الميلاد وألا يقع في المستقبل",
        "the date of death {date} is not possible: it must not be before the birth date or in the future",
    ),
    "citizen.changed_meanwhile": (
        "عدّل مستخدم آخر سجل المواطن {national_id} أثناء تنفيذ طلبك؛ أعد فتح السجل ثم حاول مرة أخرى",
        "someone else changed the record of citizen {national_id} while your request ran;"
        " reload the record and try again",
    ),
    # -- households (الأسر وبطاقات التموين) -------------------------------------------------------
    "household.not_found": (
        "لا توجد أسرة مسجّلة ببطاقة التموين رقم {number}",
        "no household is registered with ration card number {number}",
    ),
    "household.duplicate": (
        "رقم بطاقة التموين هذا مسجّل بالفعل لأسرة أخرى",
        "a household with this ration card number is already registered",
    ),
    "household.number": (
        "رقم بطاقة التموين «{value}» غير صحيح: يجب أن يتكون من 6 إلى 16 رقمًا",
        "the ration card number “{value}” is not valid: it must have 6 to 16 digits",
    ),
    "household.governorate": (
        "رمز المحافظة {code} لا يطابق أي محافظة مصرية",
        "the governorate code {code} is not a known Egyptian governorate",
    ),
    "household.relation": (
        "صلة القرابة «{value}» غير معروفة؛ القيم المقبولة: head وspouse وson وdaughter"
        " وfather وmother وother",
        "the relation “{value}” is not known; use head, spouse, son, daughter, father, mother or other",
    ),
    "household.member_elsewhere": (
        "هذا المواطن فرد بالفعل في أسرة أخرى (بطاقة تموين أخرى)، ولا يجوز أن يكون فردًا في أسرتين؛"
        " انقله من أسرته الحالية بدلًا من إضافته",
        "this citizen already belongs to another household (another ration card) and cannot be in two;"
        " move them from their current household instead",
    ),
    "household.already_member": (
        "المواطن {national_id} فرد بالفعل في الأسرة صاحبة بطاقة التموين رقم {number}",
        "citizen {national_id} is already a member of household {number}",
    ),
    "household.not_member": (
        "المواطن {national_id} ليس فردًا في الأسرة صاحبة بطاقة التموين رقم {number}",
        "citizen {national_id} is not a member of household {number}",
    ),
    "household.no_household": (
        "المواطن {national_id} ليس فردًا في أي أسرة، فلا يمكن نقله؛ أضِفه إلى الأسرة مباشرة",
        "citizen {national_id} belongs to no household, so there is nothing to move; add them directly",
    ),
    "household.closed": (
        "الأسرة صاحبة بطاقة التموين رقم {number} مغلقة ولا تقبل أي تعديل",
        "household {number} is closed and cannot be changed",
    ),
    "household.head_via_set_head": (
        "لا يُضاف رب الأسرة كفرد جديد؛ أضِفه بصلة قرابة أخرى ثم عيّنه ربًا للأسرة {number}",
        "a head is not added as a new member: add them with another relation,"
        " then make them head of household {number}",
    ),
    "household.head_minor": (
        "المواطن {national_id} قاصر، ولا يجوز أن يكون ربًا للأسرة",
        "citizen {national_id} is a minor and cannot be head of a household",
    ),
    "household.second_head": (
        "للأسرة رب بالفعل، ولا يجوز أن يكون لها ربّان",
        "the household already has a head; a household has only one",
    ),
    "household.changed_meanwhile": (
        "عدّل مستخدم آخر الأسرة {number} أثناء تنفيذ طلبك؛ أعد فتح السجل ثم حاول مرة أخرى",
        "someone else changed household {number} while your request ran; reload it and try again",
    ),
    # -- every change and search --------------------------------------------------------------
    "change.reason_missing": (
        "يجب ذكر سبب التعديل؛ فهو يُحفظ مع كل نسخة من السجل",
        "a reason for the change is required; it is kept with every version of the record",
    ),
    "search.too_broad": (
        "البحث واسع جدًا: اكتب الرقم القومي أو رقم المحمول أو حرفين على الأقل من الاسم",
        "the search is too broad: give a national ID, a mobile number or at least two letters of a name",
    ),
    "database.constraint": (
        "رفضت قاعدة البيانات الطلب لأنه يخالف قاعدة من قواعد السجل ({constraint})؛ لم يُحفظ أي تغيير",
        "the database refused the request because it breaks a registry rule ({constraint});"
        " nothing was saved",
    ),
}
