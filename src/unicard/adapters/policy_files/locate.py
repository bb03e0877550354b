"""Find the line of a key path in TOML text, for errors tomllib cannot place itself.

tomllib reports line and column only for syntax errors; a value that parses but breaks a rule
(a negative price) is found again here by a light, line-by-line scan of table headers and
``key = value`` lines — enough for the files we write, never an evaluation of the text. A path
that is not written out (a missing key, an entry of an inline table) falls back to the line of
the nearest enclosing table or key that is.
"""

from __future__ import annotations

import re

from unicard.domain.policy import key_path

Segment = str | int
_HEADER = re.compile(r"^\[(\[)?\s*(?P<keys>[^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_INDEX = re.compile(r"\[(\d+)\]")
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")


def split_path(path: str) -> list[Segment]:
    """``policy[1].sources."bread.loaf_cost"`` → ``["policy", 1, "sources", "bread.loaf_cost"]``.

    Also reads the key part of a TOML line or header (dotted keys, quoted keys, spaces around dots).
    """
    segments: list[Segment] = []
    position = 0
    while position < len(path):
        char = path[position]
        if char in " \t.":
            position += 1
        elif index := _INDEX.match(path, position):
            segments.append(int(index[1]))
            position = index.end()
        elif char in "\"'":
            end = _closing_quote(path, position)
            segments.append(path[position + 1 : end].replace('\\"', '"'))
            position = end + 1
        elif bare := _BARE.match(path, position):
            segments.append(bare[0])
            position = bare.end()
        else:
            break  # not a key character: the rest is not part of the path
    return segments


def _closing_quote(text: str, start: int) -> int:
    quote, position = text[start], start + 1
    while position < len(text) and text[position] != quote:
        position += 2 if quote == '"' and text[position] == "\\" else 1
    return position


def key_lines(text: str) -> dict[str, int]:
    """The first line (1-based) of each table header and key written in ``text``."""
    lines: dict[str, int] = {}
    arrays: dict[str, int] = {}  # path of an array of tables → index of its last table
    table: list[Segment] = []
    inside = _Continuation()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        # The rest of a multi-line string or array may look like a key or a header; it is a value.
        if inside.goes_on(stripped) or not stripped or stripped.startswith("#"):
            continue
        header = _HEADER.match(stripped)
        if header:
            table = _resolve(split_path(header["keys"]), arrays, is_array=bool(header[1]))
            lines.setdefault(key_path(*table), number)
        elif "=" in stripped:
            keys, value = stripped.split("=", 1)
            lines.setdefault(key_path(*table, *split_path(keys)), number)
            inside.starts(value)
    return lines


class _Continuation:
    """Whether the following lines continue a value: an open multi-line string or array."""

    def __init__(self) -> None:
        self.string = False
        self.brackets = 0

    def starts(self, value: str) -> None:
        self.string = _toggles_string(value)
        self.brackets = 0 if self.string else max(0, _bracket_depth(value))

    def goes_on(self, line: str) -> bool:
        if self.string:
            self.string = not _toggles_string(line)
            return True
        if self.brackets:
            self.brackets = max(0, self.brackets + _bracket_depth(line))
            return True
        return False


def _toggles_string(text: str) -> bool:
    return (text.count('"""') + text.count("'''")) % 2 == 1


def _bracket_depth(text: str) -> int:
    """Brackets opened minus closed, outside strings and comments."""
    code = _STRING.sub("", text).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")


def _resolve(keys: list[Segment], arrays: dict[str, int], *, is_array: bool) -> list[Segment]:
    """Concrete segments of a header: ``[policy.bread]`` is the bread of the last ``[[policy]]``."""
    resolved: list[Segment] = []
    for depth, key in enumerate(keys):
        resolved.append(key)
        prefix = key_path(*resolved)
        if is_array and depth == len(keys) - 1:
            arrays[prefix] = arrays.get(prefix, -1) + 1
        if prefix in arrays:
            resolved.append(arrays[prefix])
    return resolved


def line_of(text: str, path: str) -> int | None:
    """The line of ``path``, or of its nearest written ancestor; None if nothing matches."""
    lines = key_lines(text)
    segments = split_path(path)
    for length in range(len(segments), 0, -1):
        line = lines.get(key_path(*segments[:length]))
        if line is not None:
            return line
    return None
