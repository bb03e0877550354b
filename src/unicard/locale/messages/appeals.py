"""Appeals (التظلمات) against eligibility decisions: what a citizen or an officer reads when refused."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "appeal.not_found": (
        "لا يوجد تظلم بالرقم {appeal_id}",
        "there is no appeal number {appeal_id}",
    ),
    "appeal.decision_not_found": (
        "لا يوجد قرار أهلية بالرقم {decision_id}",
        "there is no eligibility decision number {decision_id}",
    ),
    "appeal.no_decision": (
        "لا يوجد قرار أهلية لبطاقة التموين {household_number} يمكن التظلم منه",
        "there is no eligibility decision on ration card {household_number} to appeal",
    ),
    "appeal.not_your_household": (
        "قرار الأهلية رقم {decision_id} يخص بطاقة تموين أخرى غير بطاقة أسرتك؛"
        " لا يجوز التظلم إلا من قرارات أسرتك",
        "eligibility decision {decision_id} belongs to another ration card, not your household's;"
        " you may appeal only your own household's decisions",
    ),
    "appeal.not_yours": (
        "التظلم رقم {appeal_id} يخص أسرة أخرى",
        "appeal {appeal_id} belongs to another household",
    ),
    "appeal.no_household": (
        "الرقم القومي {national_id} غير مقيد على بطاقة تموين سارية، فلا يوجد قرار أهلية للتظلم منه",
        "the national ID {national_id} is on no open ration card, so there is no decision to appeal",
    ),
    "appeal.decision_not_adverse": (
        "قرار الأهلية رقم {decision_id} نتيجته «{outcome}»،"
        " ولا يُتظلم إلا من قرار استبعاد أو قرار يحتاج مراجعة",
        "eligibility decision {decision_id} is “{outcome}”; only an exclusion or a decision"
        " needing review can be appealed",
    ),
    "appeal.already_open": (
        "يوجد بالفعل تظلم مفتوح رقم {appeal_id} على قرار الأهلية رقم {decision_id}؛"
        " تابعه بدلًا من فتح تظلم جديد",
        "appeal {appeal_id} is already open on eligibility decision {decision_id};"
        " follow it instead of opening another",
    ),
    "appeal.open_exists": (
        "يوجد بالفعل تظلم مفتوح على قرار الأهلية هذا",
        "an appeal is already open on this eligibility decision",
    ),
    "appeal.wrong_state": (
        "لا يمكن تنفيذ «{action}» على التظلم رقم {appeal_id} لأن حالته «{status}»",
        "cannot {action} appeal {appeal_id}: its status is “{status}”",
    ),
    "appeal.changed_meanwhile": (
        "عدّل شخص آخر التظلم رقم {appeal_id} في أثناء طلبك؛ أعد تحميله ثم حاول مرة أخرى",
        "someone else changed appeal {appeal_id} meanwhile; reload it and try again",
    ),
    "appeal.officer_only": (
        "المستخدم {username} ليس مفتش تموين؛ لا يراجع التظلمات ويفصل فيها إلا مفتشو التموين",
        "{username} is not a supply officer; only supply officers review and decide appeals",
    ),
    "appeal.out_of_scope": (
        "المستخدم {username} لا يختص بمحافظة {governorate}؛ يفصل في التظلم مفتش تموين من محافظة الأسرة",
        "{username} does not cover governorate {governorate};"
        " an appeal is decided by a supply officer of the household's governorate",
    ),
    "appeal.decided_by_opener": (
        "المستخدم {username} هو من فتح التظلم رقم {appeal_id} نيابة عن المواطن، فلا يجوز له الفصل فيه؛"
        " يفصل فيه مفتش آخر",
        "{username} opened appeal {appeal_id} on the citizen's behalf and may not decide it;"
        " another officer must",
    ),
    "appeal.decided_by_rule_author": (
        "المستخدم {username} شارك في إعداد أو اعتماد قواعد الأهلية التي صدر بها القرار،"
        " فلا يفصل في التظلم رقم {appeal_id} منه؛ يفصل فيه مفتش آخر",
        "{username} drafted or approved the rule set behind the decision and may not decide"
        " appeal {appeal_id} against it; another officer must",
    ),
    "appeal.not_a_member": (
        "الرقم القومي {national_id} ليس من أفراد بطاقة التموين {household_number}",
        "the national ID {national_id} is not a member of ration card {household_number}",
    ),
    "appeal.reason_missing": (
        "اكتب السبب في الحقل {field}",
        "the {field} is required: say why",
    ),
    "appeal.text_too_long": (
        "النص في الحقل {field} أطول من {maximum} حرفًا",
        "the text in {field} is longer than {maximum} characters",
    ),
    "appeal.evidence_missing": (
        "اذكر المستند الذي يستند إليه تصحيح البيان في الحقل {field}",
        "the {field} is required: name the document the correction rests on",
    ),
    "appeal.too_many_facts": (
        "لا يقبل التظلم أكثر من {maximum} بيانًا مصححًا",
        "an appeal takes at most {maximum} corrected facts",
    ),
    "appeal.unknown_fact": (
        "البيان «{fact}» غير معروف؛ البيانات المعروفة: {known}",
        "the fact “{fact}” is unknown; known facts: {known}",
    ),
    "appeal.fact_negative": (
        "قيمة البيان «{fact}» لا تكون سالبة ({value})",
        "the value of the fact “{fact}” cannot be negative ({value})",
    ),
    "appeal.fact_number_expected": (
        "البيان «{fact}» رقمي: أرسل قيمة value عددًا صحيحًا بالوحدة الأساسية ولا ترسل code",
        "the fact “{fact}” is a number: send value, a whole number in its base unit, and no code",
    ),
    "appeal.fact_code_expected": (
        "البيان «{fact}» رمز: أرسل code بحروف لاتينية صغيرة وأرقام و _ ولا ترسل value",
        "the fact “{fact}” is a code: send code (lower-case letters, digits, _) and no value",
    ),
    "appeal.status_unknown": (
        "حالة التظلم «{value}» غير معروفة؛ الحالات: {known}",
        "the appeal status “{value}” is unknown; statuses: {known}",
    ),
}
