"""The package's exceptions: one base class, a few specific kinds.

Every message says what was expected and what came, so staff can fix the input
without reading code.
"""

from __future__ import annotations

from typing import Any


class KanoyaError(Exception):
    """Base class of every error this package raises on purpose."""


class RulesDataError(KanoyaError):
    """The rules data is malformed: names the file and the key."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: {key}: {problem}")


class UnknownParameterError(KanoyaError, KeyError):
    """A rule parameter was asked for by a name the rule set does not have."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"no rule parameter named {self.name!r}"


def _show(value: Any) -> str:
    if type(value) is int and value.bit_length() > 64:  # repr() of a 5,000-digit int raises
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class InputError(KanoyaError, ValueError):
    """An argument has the wrong type or value.

    ``field`` names the argument, ``expected`` says what would be accepted and
    ``got`` is the value that came.
    """

    code = "invalid_input"

    def __init__(self, field: str, expected: str, got: Any, *, message: str | None = None) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(message or f"{field}: expected {expected}, got {_show(got)}")

    @property
    def expected_ja(self) -> str:
        """What was expected, in Japanese (for staff)."""
        from .expected_ja import expected_ja

        return expected_ja(self.expected)

    @property
    def message_ja(self) -> str:
        """The whole message in Japanese: 項目・期待される値・入力された値."""
        return f"{self.field}：{self.expected_ja}を入力してください（入力値：{_show(self.got)}）"


class NoRuleInForceError(InputError):
    """A date lies before the rules (or one parameter of them) took effect."""

    code = "no_rule_in_force"

    def __init__(self, field: str, got: Any, first: Any, parameter: str | None = None) -> None:
        self.first = first
        self.parameter = parameter
        what = f"{parameter} takes effect on {first}" if parameter else f"the rules start on {first}"
        super().__init__(
            field,
            f"a date on or after {first} (no rule in force before then)",
            got,
            message=f"{field}: no rule in force on {got}: {what}",
        )

    @property
    def message_ja(self) -> str:
        """The message in Japanese."""
        return f"{self.field}：{self.got} に適用される規則はありません（規則は {self.first} から適用）"
