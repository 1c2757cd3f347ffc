"""Japanese for the 'expected …' phrases of InputError, so staff read every error in Japanese too.

The English phrase stays the source; each pattern here gives its Japanese. An unknown phrase
falls back to the English one (never an empty message).
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), ja)
    for p, ja in (
        (r"^a whole number of 0 or more$", "0以上の整数"),
        (r"^a whole number from (\d+) to (\d+)$", r"\1から\2までの整数"),
        (r"^a whole number such as .*$", "整数（例：7、15,001）"),
        (r"^whole yen .*$", "0以上の円単位の整数（例：15001、15,001、¥15,001）"),
        (r"^a date such as .*$", "日付（例：2024-04-01、2024/4/1、令和6年4月1日、R6.4.1）"),
        (r"^a date without a time.*$", "時刻のない日付（YYYY-MM-DD）"),
        (r"^a date \(datetime\.date\)$", "日付"),
        (r"^a real date YYYY-MM-DD$", "実在する日付（YYYY-MM-DD）"),
        (r"^a date on or after (\S+) \(no rules? in force before then\)$",
         r"\1以降の日付（それ以前に適用される規則はありません）"),
        (r"^a date on or after (\S+) \(center (.+) has no type before then\)$",
         r"\1以降の日付（センター \2 の類型はそれ以前にはありません）"),
        (r"^a date on or after joined_on.*$", "加入日（joined_on）以降の日付"),
        (r"^a center id of the center list$", "センター一覧にあるセンターID"),
        (r"^one type per center and date.*$", "センター・日付ごとに1つの類型"),
        (r"^one attendance per user, center and day.*$", "利用者・センター・日ごとに1件の利用（二重払いはしません）"),
        (r"^a mapping of indicator id to a whole number$", "評価指標IDごとの整数（JSON オブジェクト）"),
        (r"^a date inside the era (\S+) \((\S+) to (\S+)\)$", r"元号「\1」の期間内の日付（\2〜\3）"),
        (r"^a month such as .*$", "年月（例：2024-04、2024/4、令和6年4月）"),
        (r"^a month YYYY-MM$", "年月（YYYY-MM）"),
        (r"^a month given as the first day of the month$", "月の初日で表した年月"),
        (r"^a month on or before the month paid \((\S+)\)$", r"支給対象月（\1）以前の月"),
        (r"^a month on or after first_subsidized_month$", "補助開始月以降の月"),
        (r"^a month inside the era (\S+)$", r"元号「\1」の期間内の年月"),
        (r"^a (fiscal )?year such as 2024.*$", "年度（例：2024、令和6年度）"),
        (r"^a fiscal year from (\d+) to (\d+), .*$", r"\1年度から\2年度までの年度（例：2024、令和6年度）"),
        (r"^a year of the era (\S+) that exists \(元年 to (\S+)\)$", r"元号「\1」に実在する年（元年〜\2）"),
        (r"^an existing rules directory or overlay file$", "存在する規則ディレクトリまたは差分ファイル"),
        (r"^a year from (\d+) on$", r"\1年以降の年"),
        (r"^an era of .*$", "令和・平成・昭和のいずれかの元号"),
        (r"^a center type: .*$", "センター類型（Ⅰ・Ⅱ・Ⅲ）"),
        (r"^true or false$", "true または false"),
        (r"^yes or no.*$", "有無（1/0、true/false、有/無、あり/なし、○/×）"),
        (r"^an id \(not blank\)$", "ID（空欄不可）"),
        (r"^an activity id of the points catalogue$", "活動一覧にある活動ID"),
        (r"^an activity id as text$", "活動ID（文字列）"),
        (r"^a pair \(activity_id, date\)$", "（活動ID, 日付）の組"),
        (r"^one cost per month: 12 values, April to March$", "月ごとの経費12件（4月〜3月）"),
        (r"^months of the fiscal year as dates on day 1$", "当該年度の各月（月初日）"),
        (r"^whole yen, 12 monthly values, or a mapping of month to yen$",
         "円単位の整数、12か月分の値、または月ごとの金額"),
        (r"^a group id of the roster$", "名簿にあるグループID"),
        (r"^a value \(required\)$", "値（必須）"),
        (r"^one of (.*)$", r"次のいずれか：\1"),
    )
)


_DIGITS = re.compile(r" \(at most (\d+) digits\)$")


def expected_ja(expected: str) -> str:
    """The Japanese for an English 'expected' phrase; the English itself when none is known."""
    limit = _DIGITS.search(expected)
    if limit is not None:
        return expected_ja(expected[: limit.start()]) + f"（{limit.group(1)}桁まで）"
    for pattern, ja in _PATTERNS:
        if pattern.match(expected):
            return pattern.sub(ja, expected)
    return expected
