"""What the operator API says to an operator: accounts, sign-in, roles, malformed requests.

``problem.*`` are the short titles of problem responses, one per HTTP status: they name the
kind of problem and never change with the occurrence (RFC 9457); the detail says what exactly.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- operator accounts (حسابات المشغلين) -----------------------------------------------------
    "operator.username": (
        "اسم المستخدم «{value}» غير صالح: يبدأ بحرف لاتيني صغير، وطوله من 3 إلى 40،"
        " ولا يحتوي إلا على حروف لاتينية صغيرة وأرقام والرموز . _ -",
        "the username “{value}” is not valid: it starts with a lower-case Latin letter, has 3 to 40"
        " characters, and contains only lower-case Latin letters, digits and . _ -",
    ),
    "operator.no_role": (
        "يجب أن يكون للمشغل دور واحد على الأقل",
        "an operator needs at least one role",
    ),
    "operator.role": (
        "الدور «{value}» غير معروف؛ الأدوار المتاحة: admin وsupply_officer وhealth_officer"
        " وpost_clerk وauditor وdata_steward وrules_analyst وrules_approver",
        "the role “{value}” is not known; the roles are admin, supply_officer, health_officer,"
        " post_clerk, auditor, data_steward, rules_analyst and rules_approver",
    ),
    "operator.governorate": (
        "رموز المحافظات التالية غير معروفة: {codes}",
        "these governorate codes are not known: {codes}",
    ),
    "operator.no_governorate": (
        "يجب أن يُحدَّد للمشغل نطاق من محافظة واحدة على الأقل، أو * لكل المحافظات",
        "an operator needs at least one governorate in scope, or * for all of them",
    ),
    "operator.password_short": (
        "كلمة المرور قصيرة: يجب ألا يقل طولها عن {minimum} حرفًا",
        "the password is too short: it needs at least {minimum} characters",
    ),
    "operator.duplicate": (
        "اسم المستخدم هذا مستخدم بالفعل لمشغل آخر",
        "this username is already taken by another operator",
    ),
    "operator.scope_beyond_own": (
        "لا يمكنك منح صلاحية على محافظات خارج نطاقك: {governorates}",
        "you cannot grant governorates outside your own scope: {governorates}",
    ),
    "operator.out_of_scope": (
        "لا تشمل صلاحياتك المحافظة صاحبة الرمز {governorate}؛ يعمل كل مشغل في محافظاته فقط",
        "your account does not cover the governorate with code {governorate};"
        " operators act only in their own governorates",
    ),
    # -- signing in and tokens (تسجيل الدخول) ----------------------------------------------------
    "auth.bad_credentials": (
        "اسم المستخدم أو كلمة المرور غير صحيحة، أو الحساب موقوف",
        "the username or password is wrong, or the account is disabled",
    ),
    "auth.token_missing": (
        "يلزم تسجيل الدخول: أرسل رمز الدخول في الترويسة Authorization: Bearer",
        "sign-in is required: send the access token in the Authorization: Bearer header",
    ),
    "auth.token_invalid": (
        "رمز الدخول غير صالح أو تالف؛ سجّل الدخول مرة أخرى",
        "the access token is not valid; sign in again",
    ),
    "auth.token_expired": (
        "انتهت صلاحية رمز الدخول؛ سجّل الدخول مرة أخرى",
        "the access token has expired; sign in again",
    ),
    "auth.operator_inactive": (
        "حسابك موقوف أو محذوف؛ راجع مسؤول النظام",
        "your account is disabled or removed; ask an administrator",
    ),
    "auth.role_forbidden": (
        "دورك لا يسمح بهذا الإجراء؛ الأدوار المسموح لها: {allowed}",
        "your role does not allow this action; the roles allowed are: {allowed}",
    ),
    # -- malformed requests (طلبات غير صحيحة) ----------------------------------------------------
    "request.invalid": (
        "الطلب به حقول ناقصة أو غير صحيحة: {problems}",
        "the request has missing or wrong fields: {problems}",
    ),
    "request.body_not_json": (
        "تعذّرت قراءة جسم الطلب على أنه JSON صحيح",
        "the request body is not valid JSON",
    ),
    "request.body_not_object": (
        "يجب أن يكون جسم الطلب كائن JSON",
        "the request body must be a JSON object",
    ),
    "request.field_missing": (
        "الحقل «{field}» مطلوب ولم يُرسَل",
        "the field “{field}” is required but missing",
    ),
    "request.field_unknown": (
        "الحقل «{field}» غير معروف في هذا الطلب",
        "the field “{field}” is not part of this request",
    ),
    "request.field_not_text": (
        "يجب أن تكون قيمة الحقل «{field}» نصًا",
        "the field “{field}” must be text",
    ),
    "request.field_not_integer": (
        "يجب أن تكون قيمة الحقل «{field}» عددًا صحيحًا",
        "the field “{field}” must be a whole number",
    ),
    "request.field_not_boolean": (
        "يجب أن تكون قيمة الحقل «{field}» true أو false",
        "the field “{field}” must be true or false",
    ),
    "request.field_not_date": (
        "يجب أن تكون قيمة الحقل «{field}» تاريخًا بالصيغة YYYY-MM-DD",
        "the field “{field}” must be a date written YYYY-MM-DD",
    ),
    "request.field_not_list": (
        "يجب أن تكون قيمة الحقل «{field}» قائمة",
        "the field “{field}” must be a list",
    ),
    "request.field_too_short": (
        "قيمة الحقل «{field}» أقصر من اللازم؛ الحد الأدنى {minimum}",
        "the field “{field}” is too short; the minimum is {minimum}",
    ),
    "request.field_too_long": (
        "قيمة الحقل «{field}» أطول من اللازم؛ الحد الأقصى {maximum}",
        "the field “{field}” is too long; the maximum is {maximum}",
    ),
    "request.field_too_small": (
        "قيمة الحقل «{field}» أقل من المسموح؛ الحد الأدنى {minimum}",
        "the field “{field}” is too small; the minimum is {minimum}",
    ),
    "request.field_too_large": (
        "قيمة الحقل «{field}» أكبر من المسموح؛ الحد الأقصى {maximum}",
        "the field “{field}” is too large; the maximum is {maximum}",
    ),
    "request.field_not_allowed": (
        "قيمة الحقل «{field}» غير مقبولة؛ القيم المقبولة: {allowed}",
        "the field “{field}” has a value that is not allowed; the allowed values are {allowed}",
    ),
    "request.field_wrong": (
        "قيمة الحقل «{field}» غير صحيحة",
        "the field “{field}” has a wrong value",
    ),
    "request.no_such_route": (
        "لا يوجد عنوان بهذا المسار في الواجهة البرمجية",
        "there is no such address in the API",
    ),
    "request.method_not_allowed": (
        "هذا العنوان لا يقبل الطريقة {method}",
        "this address does not accept the {method} method",
    ),
    "request.http_error": (
        "تعذّر تنفيذ الطلب (رمز HTTP {status})",
        "the request could not be completed (HTTP status {status})",
    ),
    # -- the server itself ----------------------------------------------------------------------
    "server.internal": (
        "حدث خطأ داخلي غير متوقع ولم يُحفظ أي تغيير؛ أبلغ الدعم الفني برقم الطلب {request_id}",
        "an unexpected internal error occurred and nothing was saved;"
        " give support the request id {request_id}",
    ),
    "server.database_unreachable": (
        "تعذّر الاتصال بقاعدة البيانات",
        "the database cannot be reached",
    ),
    "server.schema_out_of_date": (
        "مخطط قاعدة البيانات غير محدَّث؛ شغّل الأمر unicard db upgrade",
        "the database schema is out of date; run `unicard db upgrade`",
    ),
    # -- problem titles, one per HTTP status ------------------------------------------------------
    "problem.bad_request": ("طلب غير صحيح", "Bad request"),
    "problem.unauthenticated": ("يلزم تسجيل الدخول", "Authentication required"),
    "problem.forbidden": ("غير مسموح", "Forbidden"),
    "problem.not_found": ("غير موجود", "Not found"),
    "problem.method_not_allowed": ("طريقة غير مسموحة", "Method not allowed"),
    "problem.conflict": ("تعارض مع البيانات المسجّلة", "Conflict with recorded data"),
    "problem.invalid": ("بيانات غير صحيحة", "Invalid data"),
    "problem.internal": ("خطأ داخلي", "Internal error"),
    "problem.unavailable": ("الخدمة غير متاحة", "Service unavailable"),
}
