"""Templates render in Arabic (Arabic-Indic digits) and English, and every one fits its SMS budget."""

from __future__ import annotations

import dataclasses

import pytest

from tests.unit.domain.notifications.examples import AL_AMAL, LONGEST, TYPICAL
from unicard.domain.notifications import (
    TEMPLATES,
    Bilingual,
    Param,
    ParamKind,
    SmsEncoding,
    Template,
    TemplateId,
    measure,
    template,
)
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Language, Money

LANGUAGES: tuple[Language, ...] = ("ar", "en")
WESTERN_DIGITS = set("0123456789")


def rendered(template_id: str, values: dict[str, object], language: Language) -> str:
    chosen = template(template_id)
    return chosen.render(chosen.encode(values), language)


class TestCatalog:
    def test_ships_every_template_id(self) -> None:
        assert set(TEMPLATES) == set(TemplateId)

    def test_every_template_has_examples(self) -> None:
        assert set(TYPICAL) == set(TEMPLATES) == set(LONGEST)

    def test_unknown_template_is_refused(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            template("wallet_debt")
        assert caught.value.code == "notification.unknown_template"

    def test_text_and_params_must_agree(self) -> None:
        with pytest.raises(ValueError, match="balance"):
            Template("t", "{amount} {balance}", "{amount}", (Param("amount", ParamKind.MONEY),), (), 1)


class TestSegmentBudget:
    """STYLE: "a test checks each SMS template fits its UCS-2 budget"."""

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("template_id", list(TemplateId))
    def test_the_longest_rendering_fits_the_declared_budget(
        self, template_id: str, language: Language
    ) -> None:
        text = rendered(template_id, LONGEST[template_id], language)
        assert measure(text).parts <= template(template_id).max_parts, text

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("template_id", list(TemplateId))
    def test_a_typical_message_costs_one_sms(self, template_id: str, language: Language) -> None:
        text = rendered(template_id, TYPICAL[template_id], language)
        assert measure(text).parts == 1, (measure(text), text)

    @pytest.mark.parametrize("template_id", list(TemplateId))
    def test_typical_english_stays_gsm7(self, template_id: str) -> None:
        assert measure(rendered(template_id, TYPICAL[template_id], "en")).encoding is SmsEncoding.GSM7


class TestArabic:
    def test_wallet_debit(self) -> None:
        assert rendered(TemplateId.WALLET_DEBIT, TYPICAL[TemplateId.WALLET_DEBIT], "ar") == (
            "خصم ٥٠٫٠٠ ج.م. من محفظتك لدى مخبز الأمل. رصيدك ١٬٢٥٠٫٥٠ ج.م."
        )

    def test_bread_purchase_counts_in_arabic_indic_digits(self) -> None:
        assert rendered(TemplateId.BREAD_PURCHASE, TYPICAL[TemplateId.BREAD_PURCHASE], "ar") == (
            "خبز من مخبز الأمل، عدد الأرغفة ٢٠. الباقي اليوم ٥ وهذا الشهر ٥٨٠"
        )

    def test_entitlement_names_the_month_as_egypt_does(self) -> None:
        text = rendered(TemplateId.ENTITLEMENT_CREDITED, TYPICAL[TemplateId.ENTITLEMENT_CREDITED], "ar")
        assert text == "مقررات نوفمبر ٢٠٢٦: رصيد تموين ١٧٥٫٠٠ ج.م.، وعدد الأرغفة يوميًا ٢٥"

    @pytest.mark.parametrize("template_id", list(TemplateId))
    def test_no_western_digit_in_any_arabic_message(self, template_id: str) -> None:
        for values in (TYPICAL[template_id], LONGEST[template_id]):
            assert not WESTERN_DIGITS & set(rendered(template_id, values, "ar"))

    def test_an_appeal_number_is_a_reference_not_a_grouped_count(self) -> None:
        assert rendered(TemplateId.APPEAL_UPHELD, TYPICAL[TemplateId.APPEAL_UPHELD], "ar") == (
            "قُبل تظلمك رقم ١٢٠٧؛ يعود صرف التموين لأسرتك من ديسمبر ٢٠٢٦"
        )

    def test_thousands_are_grouped_with_the_arabic_separator(self) -> None:
        values = {**TYPICAL[TemplateId.BREAD_PURCHASE], "left_month": 12_345}
        assert "١٢٬٣٤٥" in rendered(TemplateId.BREAD_PURCHASE, values, "ar")


class TestEnglish:
    def test_wallet_credit(self) -> None:
        assert rendered(TemplateId.WALLET_CREDIT, TYPICAL[TemplateId.WALLET_CREDIT], "en") == (
            "EGP 400.00 added to your wallet from Takaful and Karama. Balance EGP 1,650.50"
        )

    def test_ration_redemption(self) -> None:
        assert rendered(TemplateId.RATION_REDEMPTION, TYPICAL[TemplateId.RATION_REDEMPTION], "en") == (
            "Rations worth EGP 125.75 from Al Nour Grocery. Ration credit left EGP 74.25"
        )

    def test_entitlement_month(self) -> None:
        text = rendered(TemplateId.ENTITLEMENT_CREDITED, TYPICAL[TemplateId.ENTITLEMENT_CREDITED], "en")
        assert text == "November 2026: ration credit EGP 175.00, bread 25 loaves a day"

    def test_a_name_without_english_form_is_shown_in_arabic(self) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], "merchant": Bilingual("مخبز الأمل")}
        assert "at مخبز الأمل." in rendered(TemplateId.WALLET_DEBIT, values, "en")


class TestNames:
    def test_a_long_name_is_cut_with_an_ellipsis(self) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], "merchant": "مخبز " + "ب" * 60}
        text = rendered(TemplateId.WALLET_DEBIT, values, "ar")
        # 24 characters shown: the cut name and its ellipsis, then the template's full stop.
        assert "لدى مخبز " + "ب" * 18 + "…. رصيدك" in text

    def test_english_cut_keeps_gsm7(self) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], "merchant": "Bakery " + "x" * 60}
        text = rendered(TemplateId.WALLET_DEBIT, values, "en")
        assert "x..." in text
        assert measure(text).encoding is SmsEncoding.GSM7

    def test_line_breaks_in_a_name_do_not_reach_the_message(self) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], "merchant": "مخبز\nالأمل  "}
        assert "لدى مخبز الأمل." in rendered(TemplateId.WALLET_DEBIT, values, "ar")


class TestParams:
    def test_stored_form_is_plain_json(self) -> None:
        stored = template(TemplateId.WALLET_DEBIT).encode(TYPICAL[TemplateId.WALLET_DEBIT])
        assert stored == {
            "amount": 5000,
            "merchant": {"ar": "مخبز الأمل", "en": "Al Amal Bakery"},
            "balance": 125050,
        }

    def test_month_is_stored_as_year_and_month(self) -> None:
        stored = template(TemplateId.ENTITLEMENT_CREDITED).encode(TYPICAL[TemplateId.ENTITLEMENT_CREDITED])
        assert stored["month"] == "2026-11"

    @pytest.mark.parametrize(
        ("name", "value"),
        [("amount", 5000), ("amount", 50.0), ("merchant", 7), ("balance", "EGP 3")],
    )
    def test_a_value_of_the_wrong_kind_is_refused(self, name: str, value: object) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], name: value}
        with pytest.raises(InvalidValue) as caught:
            template(TemplateId.WALLET_DEBIT).encode(values)
        assert (caught.value.code, caught.value.params["field"]) == ("notification.param_type", name)

    @pytest.mark.parametrize("value", [True, -3, "12a", "١٢", "1" * 13])
    def test_a_reference_is_up_to_twelve_ascii_digits(self, value: object) -> None:
        with pytest.raises(InvalidValue, match="param_type"):
            template(TemplateId.APPEAL_OPENED).encode({"appeal": value})

    def test_a_count_is_not_a_boolean(self) -> None:
        values = {**TYPICAL[TemplateId.BREAD_PURCHASE], "loaves": True}
        with pytest.raises(InvalidValue, match="param_type"):
            template(TemplateId.BREAD_PURCHASE).encode(values)

    def test_a_missing_param_is_refused(self) -> None:
        values = {"amount": Money(100), "merchant": AL_AMAL}
        with pytest.raises(InvalidValue) as caught:
            template(TemplateId.WALLET_DEBIT).encode(values)
        assert caught.value.code == "notification.param_missing"
        assert caught.value.params["names"] == "balance"

    def test_an_unknown_param_is_refused(self) -> None:
        values = {**TYPICAL[TemplateId.WALLET_DEBIT], "balanse": Money(1)}
        with pytest.raises(InvalidValue, match="param_unknown"):
            template(TemplateId.WALLET_DEBIT).encode(values)

    def test_rendering_refuses_a_stored_value_of_the_wrong_kind(self) -> None:
        stored = {
            **template(TemplateId.WALLET_DEBIT).encode(TYPICAL[TemplateId.WALLET_DEBIT]),
            "amount": "50",
        }
        with pytest.raises(InvalidValue, match="param_type"):
            template(TemplateId.WALLET_DEBIT).render(stored, "ar")

    def test_month_must_be_a_real_month(self) -> None:
        values = {**TYPICAL[TemplateId.ENTITLEMENT_CREDITED], "month": "2026-13"}
        with pytest.raises(InvalidValue, match="param_type"):
            template(TemplateId.ENTITLEMENT_CREDITED).encode(values)

    def test_templates_are_immutable(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            template(TemplateId.WALLET_DEBIT).max_parts = 9  # type: ignore[misc]
