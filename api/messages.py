"""Error codes and their messages in English and Japanese (staff read both).

Request-schema fields raise marshmallow errors whose message is a *code*
(optionally ``code|key=value|…``); :func:`explain` turns a code into the
``code``, ``message_en`` and ``message_ja`` of one entry of a problem's ``errors``.
"""

from __future__ import annotations

from typing import Any

from kanoya_benefits.expected_ja import expected_ja as library_expected_ja

#: code → (English template, Japanese template); templates take the code's parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("this field is required", "必須項目です"),
    "null": ("may not be null", "null は指定できません"),
    "unknown_field": ("unknown field: check its spelling", "未定義の項目です（項目名を確認してください）"),
    "not_object": ("expected a JSON object", "JSON オブジェクトを指定してください"),
    "not_list": ("expected a JSON array", "JSON 配列を指定してください"),
    "not_integer": ("expected a whole number (not a decimal, text or true/false)",
                    "整数を指定してください（小数・文字列・true/false は不可）"),
    "not_boolean": ("expected true or false", "true または false を指定してください"),
    "not_string": ("expected text", "文字列を指定してください"),
    "not_date": ("expected a real date YYYY-MM-DD in ASCII digits (0-9)",
                 "実在する日付を半角数字の YYYY-MM-DD 形式で指定してください"),
    "not_month": ("expected a real month YYYY-MM in ASCII digits (0-9)",
                  "実在する年月を半角数字の YYYY-MM 形式で指定してください"),
    "out_of_range": ("expected a number from {min} to {max}", "{min} 以上 {max} 以下の数を指定してください"),
    "too_short": ("expected at least {min} entries", "{min} 件以上を指定してください"),
    "too_long": ("expected at most {max} entries", "{max} 件以下で指定してください"),
    "empty_text": ("expected non-empty text of at most {max} characters",
                   "{max} 文字以内の空でない文字列を指定してください"),
    "points_or_stamps": ("give either points or stamps, not both and not neither",
                         "points と stamps のどちらか一方だけを指定してください"),
    "cost_or_by_month": ("give either {flat} or {by_month}, not both",
                         "{flat} と {by_month} はどちらか一方だけを指定してください"),
    "duplicate_attendance": ("the same user at the same center on the same day was already given in {first}: "
                             "one attendance per user, center and day (never paid twice)",
                             "同じ利用者・同じセンター・同じ日の利用が {first} に既にあります（二重払いはしません）"),
    "unknown_center": ("no center with this id in centers", "centers にこの ID のセンターがありません"),
    "duplicate_center": ("the same center id is given twice", "同じセンター ID が2回指定されています"),
    "duplicate_month": ("this month is given twice", "同じ月が2回指定されています"),
    "left_before_joined": ("expected a date on or after joined_on", "脱退日は加入日以降の日付を指定してください"),
    "invalid": ("invalid value", "入力値が正しくありません"),
}


def encode(code: str, **params: Any) -> str:
    """A marshmallow error message carrying a code and its parameters."""
    return "|".join([code, *(f"{k}={v}" for k, v in params.items())])


def explain(message: str) -> tuple[str, str, str]:
    """``(code, message_en, message_ja)`` for an encoded message (or plain text)."""
    code, *raw = message.split("|")
    if code not in MESSAGES:
        return "invalid", message, MESSAGES["invalid"][1]
    params = dict(p.split("=", 1) for p in raw if "=" in p)
    en, ja = MESSAGES[code]
    try:
        return code, en.format(**params), ja.format(**params)
    except (KeyError, IndexError):  # a template whose parameters did not come: say it plainly
        return code, en, ja


def expected_ja(expected: str, err: Any = None) -> str | None:
    """Japanese for a library "expected" phrase: the library's own (``err.expected_ja``) when it has one
    that is not the English itself, else the library's table (one table, in
    kanoya_benefits.expected_ja); None when it does not know the phrase (the caller then speaks
    generically — never English in a Japanese message)."""
    own = getattr(err, "expected_ja", None)
    if isinstance(own, str) and own.strip() and own != expected:
        return own
    ja = library_expected_ja(expected)
    return None if ja == expected else ja


def invalid_ja(expected: str, err: Any = None) -> str:
    """The message_ja of an invalid value: what is expected, in Japanese."""
    ja = expected_ja(expected, err)
    if ja is None:
        return "入力値が正しくありません（値を確認してください）"
    return f"入力値が正しくありません（期待される値: {ja}）"
