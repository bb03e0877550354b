"""Registry files (CSV imports and exports): why a file or a row was refused, and the CLI's words.

Row numbers count as a spreadsheet does (the header is row 1), so "row 7" is the row a clerk
sees as 7 when the file is opened in a spreadsheet.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the file as a whole (nothing is read) --------------------------------------------------
    "import.not_utf8": (
        "الملف ليس نصًا بترميز UTF-8 (أول بايت غير صالح في السطر {line}، البايت رقم {byte})؛"
        " احفظه من برنامج الجداول بصيغة «CSV UTF-8»",
        "the file is not UTF-8 text (first invalid byte on line {line}, byte {byte});"
        " save it from the spreadsheet as “CSV UTF-8”",
    ),
    "import.empty_file": (
        "الملف فارغ: يجب أن يبدأ بسطر عناوين الأعمدة",
        "the file is empty: it must start with a header row naming the columns",
    ),
    "import.wrong_separator": (
        "يبدو أن أعمدة الملف مفصولة بعلامة غير الفاصلة ({separator})؛ يجب فصل الأعمدة بالفاصلة ,",
        "the columns seem to be separated by a {separator} instead of commas; separate them with commas",
    ),
    "import.no_header": (
        "السطر الأول من الملف ليس سطر عناوين الأعمدة (وُجد: {found})؛ يجب أن يسمّي الأعمدة: {expected}",
        "the first row of the file is not a header row (found: {found});"
        " it must name the columns: {expected}",
    ),
    "import.missing_columns": (
        "ينقص سطرَ العناوين عمودٌ مطلوب أو أكثر: {columns}",
        "the header row lacks required columns: {columns}",
    ),
    "import.unknown_columns": (
        "سطر العناوين فيه أعمدة غير معروفة: {columns}؛ الأعمدة المعروفة هي: {expected}",
        "the header row has unknown columns: {columns}; the known columns are: {expected}",
    ),
    "import.wrong_columns": (
        "أعمدة سطر العناوين غير صحيحة: ينقصه {missing}، وفيه أعمدة غير معروفة: {unknown}",
        "the header row has the wrong columns: it lacks {missing} and has unknown columns {unknown}",
    ),
    "import.unnamed_columns": (
        "سطر العناوين فيه عمود بلا اسم (العمود رقم {positions})؛ احذف الأعمدة الفارغة أو سمِّها",
        "the header row has a column without a name (column {positions}); delete empty columns or name them",
    ),
    "import.duplicate_columns": (
        "سطر العناوين يذكر العمود نفسه أكثر من مرة: {columns}",
        "the header row names the same column more than once: {columns}",
    ),
    "import.malformed_csv": (
        "تعذّرت قراءة الملف كملف CSV عند السطر {line} (علامة تنصيص في غير موضعها أو ما شابه): {detail}",
        "the file cannot be read as CSV at line {line} (a misplaced quote or similar): {detail}",
    ),
    "import.actor_missing": (
        "يجب ذكر اسم مستخدم المشغّل الذي يستورد الملف",
        "the username of the operator importing the file is required",
    ),
    # -- one row ----------------------------------------------------------------------------------
    "import.field_count": (
        "عدد الخانات في هذا الصف {found} وعدد الأعمدة في سطر العناوين {expected}؛"
        " تأكد من وضع القيم التي تحتوي على فاصلة بين علامتي تنصيص",
        "this row has {found} fields but the header has {expected} columns;"
        " values that contain a comma must be in double quotes",
    ),
    "import.control_character": (
        "العمود {column} يحتوي على رمز تحكم غير مرئي (مثل Tab)؛ احذفه",
        "the {column} column contains an invisible control character (such as a tab); remove it",
    ),
    "import.date": (
        "«{value}» ليس تاريخًا بالصيغة YYYY-MM-DD (مثل 1985-03-14)، أو أنه تاريخ غير موجود",
        "“{value}” is not a date in the form YYYY-MM-DD (such as 1985-03-14), or no such day exists",
    ),
    "import.national_id_repeated": (
        "هذا الرقم القومي مذكور بالفعل في الصف {first_row} من الملف نفسه",
        "this national ID is already on row {first_row} of the same file",
    ),
    "import.citizen_registered_differently": (
        "الرقم القومي {national_id} مسجّل بالفعل ببيانات مختلفة ({columns})؛"
        " لا يغيّر الاستيراد سجلًا قائمًا، فاستخدم تعديل السجل",
        "the national ID {national_id} is already registered with different details ({columns});"
        " an import does not change existing records — use the registry update",
    ),
    "import.mobile_taken": (
        "رقم المحمول هذا مسجّل بالفعل باسم مواطن آخر على قيد الحياة",
        "this mobile number is already the registered line of another living citizen",
    ),
    "import.mobile_repeated": (
        "رقم المحمول هذا مذكور بالفعل لمواطن آخر في الصف {first_row} من الملف نفسه؛"
        " يُسجَّل كل خط باسم صاحبه فقط",
        "this mobile number is already given to another citizen on row {first_row} of the same file;"
        " a line is registered only to its own holder",
    ),
    # -- households ------------------------------------------------------------------------------
    "import.member_repeated": (
        "هذا المواطن مذكور بالفعل في الصف {first_row} فردًا في الأسرة نفسها ({number})",
        "this citizen is already listed on row {first_row} as a member of the same household ({number})",
    ),
    "import.member_in_two_households": (
        "هذا المواطن مذكور بالفعل في الصف {first_row} فردًا في الأسرة {number}،"
        " ولا يجوز أن يكون فردًا في أسرتين",
        "this citizen is already listed on row {first_row} as a member of household {number};"
        " a citizen belongs to one household only",
    ),
    "import.household_without_head": (
        "الأسرة {number} ليس لها رب أسرة: يجب أن يكون لكل أسرة صف واحد صلته head",
        "household {number} has no head: every household needs exactly one row with the relation head",
    ),
    "import.household_second_head": (
        "للأسرة {number} رب أسرة بالفعل في الصف {first_row}، ولا يجوز أن يكون لها ربّان",
        "household {number} already has a head on row {first_row}; a household has only one",
    ),
    "import.member_not_registered": (
        "لا يوجد مواطن مسجّل بهذا الرقم القومي؛ استورد ملف المواطنين أولًا",
        "no citizen is registered with this national ID; import the citizens file first",
    ),
    "import.member_deceased": (
        "هذا المواطن مسجّل متوفى (تاريخ الوفاة {deceased_on})، ولا يُضاف إلى أسرة",
        "this citizen is recorded as deceased (on {deceased_on}) and cannot join a household",
    ),
    "import.member_elsewhere": (
        "هذا المواطن فرد بالفعل في الأسرة {number} المسجّلة؛ انقله منها بدلًا من إضافته",
        "this citizen is already a member of the registered household {number}; move them instead",
    ),
    "import.household_governorate_differs": (
        "المحافظة في هذا الصف تخالف محافظة الأسرة في الصف {first_row} ({governorate})",
        "the governorate on this row differs from the household's on row {first_row} ({governorate})",
    ),
    "import.household_grocer_differs": (
        "البدال في هذا الصف يخالف بدال الأسرة المذكور في الصف {first_row} ({grocer_id})",
        "the grocer on this row differs from the household's grocer on row {first_row} ({grocer_id})",
    ),
    "import.household_grocer_unknown": (
        "البدال {grocer_id} غير مسجل كبدال تموين؛ سجّله أولاً (unicard merchant import)",
        "the grocer {grocer_id} is not a registered ration grocer;"
        " register it first (unicard merchant import)",
    ),
    "import.household_registered_differently": (
        "بطاقة التموين رقم {number} مسجّلة بالفعل بأفراد أو بيانات مختلفة؛"
        " لا يغيّر الاستيراد أسرة قائمة، فاستخدم شاشات الأسرة",
        "ration card {number} is already registered with other members or details;"
        " an import does not change an existing household — use the household screens",
    ),
    "import.errors_omitted": (
        "يعرض هذا التقرير {listed} خطأً من أصل {total}، وهي الأخطاء ذات أرقام الصفوف الأصغر",
        "this report lists {listed} of {total} errors: those with the lowest row numbers",
    ),
    # -- the command line ------------------------------------------------------------------------
    "transfer.step.read": ("قراءة الصفوف", "reading rows"),
    "transfer.step.check": ("فحص الملف", "checking the file"),
    "transfer.step.apply": ("الحفظ", "applying"),
    "transfer.step.export": ("كتابة الصفوف", "writing rows"),
    "transfer.imported_citizens": (
        "تم الاستيراد: {rows} صفًا، أُضيف منها {added} مواطنًا، و{present} مسجّلون من قبل بالبيانات نفسها",
        "imported: {rows} rows, {added} citizens added, {present} already present",
    ),
    "transfer.imported_households": (
        "تم الاستيراد: {rows} صفًا، أُضيفت {added} أسرة بعدد أفراد {members}،"
        " و{present} أسرة مسجّلة من قبل بالبيانات نفسها",
        "imported: {rows} rows, {added} households added with {members} members, {present} already present",
    ),
    "transfer.refused": (
        "رُفض الملف: {errors} خطأ في {rows} صفًا، ولم يُستورد أي شيء",
        "the file was refused: {errors} errors in {rows} rows; nothing was imported",
    ),
    "transfer.first_errors": ("أول {shown} أخطاء من {total}", "the first {shown} of {total} errors"),
    "transfer.report": ("تقرير الأخطاء: {path}", "error report: {path}"),
    "transfer.stale_report_removed": (
        "حُذف تقرير أخطاء قديم لم يعد ينطبق: {path}",
        "removed an old error report that no longer applies: {path}",
    ),
    "transfer.exported": ("تم التصدير: {rows} صفًا إلى {path}", "exported {rows} rows to {path}"),
    "transfer.column.row": ("الصف", "row"),
    "transfer.column.column": ("العمود", "column"),
    "transfer.column.value": ("القيمة", "value"),
    "transfer.column.reason": ("السبب", "reason"),
}
