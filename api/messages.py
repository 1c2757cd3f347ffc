"""Error codes and their messages in English and Japanese (staff read both).

Request-schema fields raise marshmallow errors whose message is a *code*
(optionally ``code|key=value|…``); :func:`explain` turns a code into the
``code``, ``message_en`` and ``message_ja`` of one entry of a problem's ``errors``.
"""

from __future__ import annotations

import re
from typing import Any

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


#: Japanese for the library's "expected …" phrases (InputError.expected, a batch RowError.expected), used
#: when the library gives none of its own: staff must never read English in message_ja.
_EXPECTED_JA: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), ja) for p, ja in (
    (r"a whole number of 0 or more", "0以上の整数"),
    (r"a whole number from (\d+) to (\d+)", r"\1から\2までの整数"),
    (r"a whole number such as .*", "整数（例：7、15,001）"),
    (r"whole yen.*", "0以上の円単位の整数"),
    (r"a date such as .*", "日付（例：2024-04-01、2024/4/1、令和6年4月1日、R6.4.1）"),
    (r"a date without a time.*", "時刻のない日付（YYYY-MM-DD）"),
    (r"a date \(datetime\.date\)", "日付（YYYY-MM-DD）"),
    (r"a date on or after (\S+) \(no rules? in force before then\)",
     r"\1以降の日付（それ以前に適用される規則はありません）"),
    (r"a date on or after (\S+) \(center (.+) has no type before then\)",
     r"\1以降の日付（センター \2 の類型はそれ以前にはありません）"),
    (r"a date on or after joined_on.*", "加入日（joined_on）以降の日付"),
    (r"a date inside the era (\S+) \((\S+) to (\S+)\)", r"元号「\1」の期間内の日付（\2〜\3）"),
    (r"a month such as .*", "年月（例：2024-04、2024/4、令和6年4月）"),
    (r"a month given as the first day of the month", "月の初日で表した年月"),
    (r"a month on or before the month paid \((\S+)\)", r"支給対象月（\1）以前の月"),
    (r"a month on or after first_subsidized_month", "補助開始月（first_subsidized_month）以降の月"),
    (r"a month inside the era (\S+)", r"元号「\1」の期間内の年月"),
    (r"months of the fiscal year as dates on day 1", "当該年度の各月"),
    (r"one cost per month: 12 values, April to March", "月ごとの経費12件（4月〜3月）"),
    (r"whole yen, 12 monthly values, or a mapping of month to yen", "円単位の整数、12か月分の値、または月ごとの金額"),
    (r"a center type: .*", "センター類型（Ⅰ・Ⅱ・Ⅲ。1〜3、Ⅰ型 も可）"),
    (r"a center id of the center list", "centers にあるセンター ID"),
    (r"one type per center and date.*", "センター・日付ごとに1つの類型"),
    (r"one attendance per user, center and day.*", "利用者・センター・日ごとに1件の利用（二重払いはしません）"),
    (r"a (fiscal )?year such as 2024.*", "年度（例：2024、令和6年度）"),
    (r"a year from (\d+) on", r"\1年以降の年"),
    (r"an era of .*", "令和・平成・昭和のいずれかの元号"),
    (r"true or false", "true または false"),
    (r"yes or no.*", "有無（1/0、true/false、有/無、あり/なし、○/×）"),
    (r"an id \(not blank\)", "ID（空欄不可）"),
    (r"an activity id of the points catalogue", "ポイント活動一覧にある活動 ID"),
    (r"an activity id as text", "活動 ID（文字列）"),
    (r"a pair \(activity_id, date\)", "（活動 ID, 日付）の組"),
    (r"a mapping of indicator id to a whole number", "評価指標 ID ごとの整数（JSON オブジェクト）"),
    (r"one of (.*)", r"次のいずれか：\1"),
))


def expected_ja(expected: str, err: Any = None) -> str | None:
    """Japanese for a library "expected" phrase: the library's own (``err.expected_ja``) when it has one
    that is not the English itself, else this module's table; None when neither knows the phrase (the
    caller then speaks generically — never English in a Japanese message)."""
    own = getattr(err, "expected_ja", None)
    if isinstance(own, str) and own.strip() and own != expected:
        return own
    for pattern, ja in _EXPECTED_JA:
        match = pattern.fullmatch(expected)
        if match:
            return match.expand(ja)
    return None


def invalid_ja(expected: str, err: Any = None) -> str:
    """The message_ja of an invalid value: what is expected, in Japanese."""
    ja = expected_ja(expected, err)
    if ja is None:
        return "入力値が正しくありません（値を確認してください）"
    return f"入力値が正しくありません（期待される値: {ja}）"
