"""Agency feeds (facts by national ID): why a file, a column or a value was refused."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the command ----------------------------------------------------------------------------
    "feeds.unknown_agency": (
        "الجهة «{agency}» غير معروفة؛ الجهات المعروفة: {known}",
        "unknown agency “{agency}”; the known agencies are: {known}",
    ),
    "feeds.as_of_future": (
        "تاريخ البيانات {as_of} في المستقبل (اليوم {today})",
        "the as-of date {as_of} is in the future (today is {today})",
    ),
    # -- the header -----------------------------------------------------------------------------
    "feeds.unknown_fact": (
        "«{fact}» ليست بيانًا معروفًا؛ البيانات المعروفة: {known}",
        "“{fact}” is not a known fact; the known facts are: {known}",
    ),
    "feeds.fact_of_other_agency": (
        "العمود «{column}» ليس من بيانات جهة {agency}؛ بياناتها: {facts}",
        "column “{column}” is not a fact of the {agency} agency; its facts are: {facts}",
    ),
    "feeds.fact_twice": (
        "العمودان «{other}» و«{column}» يعطيان البيان نفسه؛ اترك واحدًا منهما",
        "columns “{other}” and “{column}” give the same fact; keep one of them",
    ),
    "feeds.no_fact_columns": (
        "سطر العناوين لا يسمّي أي بيان بعد national_id؛ بيانات جهة {agency}: {facts}",
        "the header names no fact after national_id; the {agency} agency's facts are: {facts}",
    ),
    # -- the values -----------------------------------------------------------------------------
    "feeds.not_a_number": (
        "القيمة «{value}» ليست رقمًا ({form})",
        "“{value}” is not a number ({form})",
    ),
    "feeds.negative": (
        "القيمة «{value}» سالبة؛ لا تكون القيم سالبة",
        "“{value}” is negative; values are never negative",
    ),
    "feeds.not_exact": (
        "لا يمكن تحويل «{value}» إلى الوحدة الأساسية دون تقريب ({form})",
        "“{value}” does not convert exactly to the base unit ({form})",
    ),
    "feeds.year_out_of_range": (
        "السنة «{value}» خارج المدى (من 1900 إلى {latest})",
        "the year “{value}” is out of range (1900 to {latest})",
    ),
    "feeds.bad_code": (
        "الرمز «{value}» غير صالح: حروف لاتينية صغيرة وأرقام و _ فقط، ويبدأ بحرف",
        "the code “{value}” is not valid: lower-case letters, digits and _, starting with a letter",
    ),
    "feeds.number_expected": (
        "البيان {fact} رقمي: أدخل قيمة رقمية لا رمزًا",
        "the fact {fact} is numeric: give a value, not a code",
    ),
    "feeds.code_expected": (
        "البيان {fact} رمزي: أدخل رمزًا لا قيمة رقمية",
        "the fact {fact} is a code: give a code, not a number",
    ),
    # -- the rows as a set ----------------------------------------------------------------------
    "feeds.unknown_citizen": (
        "الرقم القومي {value} غير مسجّل",
        "national ID {value} is not registered",
    ),
    "feeds.national_id_repeated": (
        "الرقم القومي مكرر: ورد من قبل في السطر {first_row}",
        "the national ID is repeated: row {first_row} already has it",
    ),
    "feeds.death_after_as_of": (
        "تاريخ الوفاة {value} بعد تاريخ البيانات {as_of}",
        "the date of death {value} is after the as-of date {as_of}",
    ),
    "feeds.death_before_birth": (
        "تاريخ الوفاة {value} قبل تاريخ الميلاد {birth_date}",
        "the date of death {value} is before the birth date {birth_date}",
    ),
    "feeds.death_differs": (
        "المواطن مسجّل متوفى في {recorded}، لا في {value}",
        "the citizen is recorded as deceased on {recorded}, not {value}",
    ),
    "feeds.refused": (
        "رُفض الملف ولم يُطبَّق شيء: {errors} خطأ في {rows} سطرًا",
        "the file was refused and nothing applied: {errors} errors in {rows} rows",
    ),
    # -- the CLI --------------------------------------------------------------------------------
    "feeds.cli.imported": (
        "استُورد ملف جهة {agency} بتاريخ {as_of}: {rows} سطرًا، {recorded} قيمة مسجلة،"
        " {current} أصبحت الأحدث، {deaths} وفاة",
        "imported the {agency} file as of {as_of}: {rows} rows, {recorded} values recorded,"
        " {current} now the latest, {deaths} deaths",
    ),
    "feeds.cli.already_imported": (
        "هذا الملف استُورد من قبل لجهة {agency} بتاريخ {as_of}؛ لم يتغير شيء",
        "this file was already imported for {agency} as of {as_of}; nothing changed",
    ),
    "feeds.cli.refused": (
        "رُفض الملف ولم يُطبَّق شيء: {errors} خطأ؛ التقرير في {report}",
        "the file was refused and nothing applied: {errors} errors; the report is in {report}",
    ),
    "feeds.cli.synthesised": (
        "كُتبت ملفات البيانات التجريبية في {directory}: {files} ملفًا لـ {citizens} مواطنًا",
        "wrote synthetic feed files in {directory}: {files} files for {citizens} citizens",
    ),
}
