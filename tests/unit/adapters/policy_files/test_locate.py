import pytest

from unicard.adapters.policy_files.locate import key_lines, line_of, split_path
from unicard.domain.policy import key_path

TEXT = """\
# a comment with key = value
[[policy]]
version = "a"
notes = \"\"\"
fake = 1
\"\"\"

[policy.bread]
loaf_cost = 125   # piasters
  citizen_price_per_loaf=20

[policy.catalog.sugar]
price = 1260

[policy.health.copayments]
medicines = { flat = 0, cap = 100000 }

[policy.sources]
"bread.loaf_cost" = "press"

[[policy]]
version = "b"

[ policy . bread ]
loaf_cost = 130
"""


class TestSplitPath:
    @pytest.mark.parametrize(
        ("path", "segments"),
        [
            ("policy[1].bread.loaf_cost", ["policy", 1, "bread", "loaf_cost"]),
            ('policy[0].sources."bread.loaf_cost"', ["policy", 0, "sources", "bread.loaf_cost"]),
            ("verification.accepted.bread_purchase[2]", ["verification", "accepted", "bread_purchase", 2]),
            (" policy . bread ", ["policy", "bread"]),
            ("'literal.key'.x", ["literal.key", "x"]),
            ("", []),
        ],
    )
    def test_reads_toml_keys_and_indexes(self, path: str, segments: list[object]) -> None:
        assert split_path(path) == segments

    @pytest.mark.parametrize("segments", [["a", 0, "b.c", "d"], ["sources", 'say "hi"'], ["x", 3]])
    def test_is_the_inverse_of_key_path(self, segments: list[str | int]) -> None:
        assert split_path(key_path(*segments)) == segments


class TestKeyLines:
    def test_places_headers_and_keys(self) -> None:
        lines = key_lines(TEXT)
        assert lines["policy[0]"] == 2
        assert lines["policy[0].version"] == 3
        assert lines["policy[0].bread"] == 8
        assert lines["policy[0].bread.loaf_cost"] == 9
        assert lines["policy[0].bread.citizen_price_per_loaf"] == 10
        assert lines["policy[0].catalog.sugar.price"] == 13
        assert lines['policy[0].sources."bread.loaf_cost"'] == 19

    def test_counts_arrays_of_tables(self) -> None:
        assert key_lines(TEXT)["policy[1].bread.loaf_cost"] == 25

    def test_ignores_keys_inside_multiline_strings_and_comments(self) -> None:
        lines = key_lines(TEXT)
        assert "policy[0].fake" not in lines
        assert "key" not in lines

    def test_the_rest_of_a_multiline_array_is_a_value(self) -> None:
        text = '[[policy]]\nunconfirmed = [\n  "a[",\n  [1, 2]\n]\nversion = "x"\n'
        lines = key_lines(text)
        assert lines["policy[0].version"] == 6
        assert "1" not in lines
        assert not any(key.startswith("policy[0].1") for key in lines)

    def test_a_key_inside_an_inline_table_falls_back_to_its_line(self) -> None:
        assert line_of(TEXT, "policy[0].health.copayments.medicines.cap") == 16

    def test_a_missing_key_falls_back_to_its_table(self) -> None:
        assert line_of(TEXT, "policy[1].bread.loaf_grams") == 24

    def test_nothing_matches(self) -> None:
        assert line_of(TEXT, "elsewhere.x") is None
