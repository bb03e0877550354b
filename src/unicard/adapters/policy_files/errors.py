"""The error of a refused policy file: the domain's code and params, plus where it happened."""

from __future__ import annotations

from unicard.domain.shared.errors import DomainError, InvalidValue


class PolicyFileError(InvalidValue):
    """``file``, ``line`` (None when it cannot be placed) and ``field`` (the key path from the
    top of the file, e.g. ``policy[1].bread.loaf_cost``) locate the problem; ``code`` and the
    other params are those of the refusal, so the locale catalog describes it as usual.
    """

    def __init__(self, code: str, /, *, file: str, line: int | None, **params: object) -> None:
        super().__init__(code, file=file, line=line, **params)
        self.file = file
        self.line = line

    @classmethod
    def wrapping(cls, error: DomainError, *, file: str, field: str, line: int | None) -> PolicyFileError:
        params = {**error.params, "field": field}
        wrapped = cls(error.code, file=file, line=line, **params)
        wrapped.__cause__ = error
        return wrapped

    @property
    def where(self) -> str:
        place = self.file if self.line is None else f"{self.file}, line {self.line}"
        field = self.params.get("field")
        return f"{place}, key {field}" if field else place

    def __str__(self) -> str:
        details = ", ".join(
            f"{key}={value!r}" for key, value in self.params.items() if key not in {"file", "line", "field"}
        )
        return f"{self.where}: {self.code}({details})"
