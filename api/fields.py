"""Strict request fields: JSON types only, no coercion, errors as codes.

Marshmallow coerces by default ("3" → 3, 1 → True); a benefits API must not
guess, so each field here accepts exactly one JSON type and reports a code from
:mod:`kanoya_benefits_api.messages`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import marshmallow as ma

from kanoya_benefits.fiscal import FISCAL_YEAR_RANGE

from .messages import encode

#: Upper bounds on request numbers: far above any real case (about 4,500 registrants city-wide),
#: low enough that 10**30 is refused as a typo. Not rule amounts: those live in the rules data.
MAX_COUNT = 1_000_000
MAX_YEN = 10_000_000_000
MAX_LIST = 100_000
MAX_TEXT = 100

_COMMON = {"required": encode("required"), "null": encode("null")}


class BaseSchema(ma.Schema):
    """Request schemas: unknown fields are refused, errors are codes."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"unknown": encode("unknown_field"), "type": encode("not_object")}  # noqa: RUF012


class Count(ma.fields.Integer):
    """A whole number 0 … MAX_COUNT; never a bool, float or text."""

    default_error_messages = {**_COMMON, "invalid": encode("not_integer"), "too_large": encode("not_integer")}  # noqa: RUF012

    def __init__(self, *, maximum: int = MAX_COUNT, **kwargs: Any) -> None:
        kwargs.setdefault("validate", ma.validate.Range(
            min=0, max=maximum, error=encode("out_of_range", min="{min}", max="{max}")))
        super().__init__(strict=True, **kwargs)


class Yen(Count):
    """Whole yen 0 … MAX_YEN."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(maximum=MAX_YEN, **kwargs)


class FiscalYear(Count):
    """A fiscal year named by the calendar year it starts in, e.g. 2024 (令和6年度)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", ma.validate.Range(
            min=FISCAL_YEAR_RANGE[0], max=FISCAL_YEAR_RANGE[1],  # the same years the CLI and files accept
            error=encode("out_of_range", min="{min}", max="{max}")))
        super().__init__(**kwargs)


class Flag(ma.fields.Boolean):
    """JSON true or false only (not 1, "yes" or "true")."""

    default_error_messages = {**_COMMON, "invalid": encode("not_boolean")}  # noqa: RUF012

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if type(value) is not bool:
            raise self.make_error("invalid")
        return value


class Day(ma.fields.Date):
    """A real calendar date as the text YYYY-MM-DD in ASCII digits (as months: full-width or other digits are
    refused, matching the OpenAPI format that JavaScript clients check)."""

    default_error_messages = {**_COMMON, "invalid": encode("not_date"), "format": encode("not_date")}  # noqa: RUF012

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise self.make_error("invalid")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.make_error("invalid") from None


class Month(ma.fields.String):
    """A real month as the text YYYY-MM in ASCII digits; loads as the date of its first day."""

    default_error_messages = {**_COMMON, "invalid": encode("not_month")}  # noqa: RUF012

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"format": "month", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$", "example": "2024-04",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:  # type: ignore[override]
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            raise self.make_error("invalid")
        try:
            return date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            raise self.make_error("invalid") from None


class Text(ma.fields.String):
    """Non-empty text of at most MAX_TEXT characters (an id)."""

    default_error_messages = {**_COMMON, "invalid": encode("not_string")}  # noqa: RUF012

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", ma.validate.Length(min=1, max=MAX_TEXT,
                                                          error=encode("empty_text", max=MAX_TEXT)))
        super().__init__(**kwargs)


class Items(ma.fields.List):
    """A JSON array of at most MAX_LIST entries."""

    default_error_messages = {**_COMMON, "invalid": encode("not_list")}  # noqa: RUF012

    def __init__(self, inner: Any, *, min_items: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("validate", ma.validate.Length(
            min=min_items, max=MAX_LIST, error=encode("too_long", max=MAX_LIST)
            if not min_items else encode("out_of_range", min=min_items, max=MAX_LIST)))
        super().__init__(inner, **kwargs)


class Object(ma.fields.Nested):
    """A nested JSON object with its own schema."""

    default_error_messages = {**_COMMON, "type": encode("not_object")}  # noqa: RUF012


class ByKey(ma.fields.Dict):
    """A JSON object of client-chosen keys; an error names the key (``actuals.support-meetings``), not
    marshmallow's internal ``.key`` / ``.value`` parts, which are not in the request."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ma.ValidationError as err:
            if isinstance(err.messages, dict):
                raise ma.ValidationError({k: _parts(v) for k, v in err.messages.items()},
                                         valid_data=err.valid_data) from None
            raise


def _parts(messages: Any) -> Any:
    """``{"key": [...], "value": [...]}`` of one entry as one list of messages."""
    if isinstance(messages, dict) and set(messages) <= {"key", "value"}:
        return [m for part in ("key", "value") for m in messages.get(part, [])]
    return messages
