"""Validation helpers for the registry data files: each raises RulesDataError(file, key, problem)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs

from .errors import RulesDataError


@attrs.frozen
class Text:
    """A label in Japanese and English."""

    ja: str
    en: str


class Reader:
    """Reads one mapping of a registry file, naming the file and dotted key in every error."""

    def __init__(self, raw: Any, file: str, key: str, *, required: Collection[str],
                 optional: Collection[str] = ()) -> None:
        if not isinstance(raw, Mapping):
            raise RulesDataError(file, key or "(document)", f"expected a mapping, got {raw!r}")
        missing = sorted(set(required) - set(raw))
        if missing:
            raise RulesDataError(file, _join(key, missing[0]), "missing")
        unknown = sorted(set(raw) - set(required) - set(optional))
        if unknown:
            allowed = sorted(set(required) | set(optional))
            raise RulesDataError(file, _join(key, str(unknown[0])), f"unknown key; allowed {allowed}")
        self.raw, self.file, self.key = raw, file, key

    def where(self, name: str) -> str:
        """The dotted key of a field of this mapping."""
        return _join(self.key, name)

    def has(self, name: str) -> bool:
        """Whether the field is given (and not null)."""
        return self.raw.get(name) is not None

    def text(self, name: str) -> str:
        """Non-empty text."""
        value = self.raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise RulesDataError(self.file, self.where(name), f"expected non-empty text, got {value!r}")
        return value.strip()

    def optional_text(self, name: str) -> str | None:
        """Non-empty text, or None when absent or null."""
        return self.text(name) if self.has(name) else None

    def pair(self, name: str) -> Text:
        """A ``{ja: …, en: …}`` label."""
        return text_pair(self.raw.get(name), self.file, self.where(name))

    def count(self, name: str, *, minimum: int = 0) -> int:
        """A whole number of at least ``minimum`` (never a bool or float)."""
        value = self.raw.get(name)
        if type(value) is not int:
            raise RulesDataError(self.file, self.where(name), f"expected a whole number, got {value!r}")
        if value < minimum:
            raise RulesDataError(self.file, self.where(name),
                                 f"expected a whole number of {minimum} or more, got {value}")
        return value

    def flag(self, name: str) -> bool:
        """true or false."""
        value = self.raw.get(name)
        if type(value) is not bool:
            raise RulesDataError(self.file, self.where(name), f"expected true or false, got {value!r}")
        return value

    def choice(self, name: str, choices: Mapping[str, Any], *, nullable: bool = False) -> str | None:
        """One of the codes of a vocabulary (or null when ``nullable``)."""
        value = self.raw.get(name)
        if value is None and nullable:
            return None
        if value not in choices:
            allowed = [*choices, *(["null"] if nullable else [])]
            raise RulesDataError(self.file, self.where(name), f"expected one of {allowed}, got {value!r}")
        return str(value)

    def items(self, name: str, *, allow_empty: bool = False) -> list[tuple[str, Any]]:
        """The entries of a mapping field as (key, value) pairs."""
        value = self.raw.get(name)
        if not isinstance(value, Mapping) or (not value and not allow_empty):
            raise RulesDataError(self.file, self.where(name), f"expected a non-empty mapping, got {value!r}")
        return [(str(k), v) for k, v in value.items()]

    def sequence(self, name: str) -> list[Any]:
        """A non-empty list."""
        value = self.raw.get(name)
        if not isinstance(value, list) or not value:
            raise RulesDataError(self.file, self.where(name), f"expected a non-empty list, got {value!r}")
        return value


def text_pair(value: Any, file: str, where: str) -> Text:
    """A ``{ja: …, en: …}`` label at ``where``."""
    if not isinstance(value, Mapping) or set(value) != {"ja", "en"}:
        raise RulesDataError(file, where, f"expected a mapping with 'ja' and 'en', got {value!r}")
    for lang in ("ja", "en"):
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise RulesDataError(file, f"{where}.{lang}", "expected non-empty text")
    return Text(value["ja"].strip(), value["en"].strip())


def check_id(value: str, file: str, key: str) -> str:
    """A stable id: lowercase ASCII letters, digits, '-' and '.'."""
    ok = value and all(c.isascii() and (c.islower() or c.isdigit() or c in "-.") for c in value)
    if not ok or value[0] in "-." or value[-1] in "-.":
        raise RulesDataError(file, key, f"expected an id of lowercase letters, digits, '-' and '.', got {value!r}")
    return value


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
