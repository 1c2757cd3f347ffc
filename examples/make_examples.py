"""Make the synthetic example inputs under examples/ (fixed seed; no real personal data).

    python examples/make_examples.py

Writes, in the shapes finance staff export from Excel:
- salon_roster.csv        355 groups, memberships since FY2019 and the joins of FY2024 (UTF-8 with BOM)
- centers.csv             six activity centers, two of each type; one changes type in October (cp932)
- attendance_fy2024.csv   a year of attendance at those centers, Japanese headers, mixed date forms (cp932)
- points_stamps_fy2024.csv  stamps of 4,500 registrants (UTF-8)
- mutual_aid_fy2024.csv   twenty groups, a row per month (UTF-8 with BOM, Japanese headers)

Ids are made up (P00001, G1 …); dates and counts are random with a fixed seed, so
re-running gives the same bytes and the README's totals stay right.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
SEED = 2024
FY_START, FY_END = date(2024, 4, 1), date(2025, 3, 31)


def _write(name: str, header: list[str], rows: list[list[str]], encoding: str) -> None:
    with open(HERE / name, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _wareki(d: date, rng: random.Random) -> str:
    """The same date in one of the forms Excel users type."""
    n = d.year - 2018
    return rng.choice([d.isoformat(), d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"R{n}.{d.month}.{d.day}",
                       f"令和{n}年{d.month}月{d.day}日"])


def roster(rng: random.Random) -> None:
    """Memberships: history from FY2019 (some ended), FY2024 joins, and a few after the year."""
    groups = [f"G{i}" for i in range(1, 356)]
    rows: list[list[str]] = []
    person = 0

    def new_person() -> str:
        nonlocal person
        person += 1
        return f"P{person:05d}"

    members: list[tuple[str, str]] = []
    for g in groups:  # 8–20 members before FY2024, a few of whom have left
        for _ in range(rng.randint(8, 20)):
            p = new_person()
            joined = _day(rng, date(2019, 4, 1), date(2024, 3, 31))
            left = ""
            if rng.random() < 0.08:
                left = _day(rng, joined, date(2024, 3, 31)).isoformat()
            else:
                members.append((p, g))
            rows.append([p, g, joined.isoformat(), left])
    returning = [r[0] for r in rows if r[3]]
    by_group: dict[str, list[str]] = {}
    for p, g in members:
        by_group.setdefault(g, []).append(p)
    for g in groups:  # FY2024 joins: newcomers, members of other groups, returning members
        if rng.random() < 0.03:  # a member listed again with a new join date: not new
            rows.append([rng.choice(by_group[g]), g, _day(rng, FY_START, FY_END).isoformat(), ""])
        for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 14, 20])):
            kind = rng.random()
            if kind < 0.6:
                p = new_person()
            elif kind < 0.9:
                p, other = rng.choice(members)
                if other == g:
                    continue
            elif returning:
                p = rng.choice(returning)
            else:  # pragma: no cover
                continue
            joined = _day(rng, FY_START, FY_END)
            left = _day(rng, joined, FY_END).isoformat() if rng.random() < 0.03 else ""
            rows.append([p, g, joined.isoformat(), left])
            if left and left < "2025-03-01" and rng.random() < 0.5:  # left and came back: counts once
                rows.append([p, g, (date.fromisoformat(left) + timedelta(days=14)).isoformat(), ""])
            if kind < 0.6 and rng.random() < 0.05:  # the same newcomer joins a second group the same day
                rows.append([p, rng.choice(groups), joined.isoformat(), ""])
    for _ in range(12):  # joins after the fiscal year: out of scope
        rows.append([new_person(), rng.choice(groups), _day(rng, date(2025, 4, 1), date(2025, 5, 31)).isoformat(), ""])
    rng.shuffle(rows)
    _write("salon_roster.csv", ["person_id", "group_id", "joined_on", "left_on"], rows, "utf-8-sig")


def activity_centers(rng: random.Random) -> None:
    """Six centers, a year of weekday attendance; a few users attend two centers on one day."""
    centers = [("K1", "Ⅰ型"), ("K2", "Ⅰ型"), ("K3", "Ⅱ型"), ("K4", "Ⅱ型"), ("K5", "Ⅲ型"), ("K6", "Ⅲ型")]
    center_rows = [[c, t, "2024-04-01"] for c, t in centers] + [["K6", "Ⅱ型", "2024-10-01"]]
    _write("centers.csv", ["センターID", "類型", "適用開始日"], center_rows, "cp932")
    users = {c: [f"U{i:04d}" for i in range(n * 40 + 1, n * 40 + 31)] for n, (c, _) in enumerate(centers)}
    rows: list[list[str]] = []
    day = FY_START
    while day <= FY_END:
        if day.weekday() < 5:
            for c, _ in centers:
                for u in rng.sample(users[c], rng.randint(6, 14)):
                    bath = rng.random() < 0.35
                    trips = rng.choice([0, 0, 1, 2, 2])
                    rows.append([_wareki(day, rng), c, u, rng.choice(["有", "○", "1"]) if bath else
                                 rng.choice(["無", "×", "0", ""]), str(trips)])
            if rng.random() < 0.1:  # a user of K1 also at K3 that day: both paid, flagged
                rows.append([day.isoformat(), "K3", users["K1"][0], "無", "0"])
        day += timedelta(days=1)
    _write("attendance_fy2024.csv", ["利用日", "センターID", "利用者ID", "入浴", "送迎回数"], rows, "cp932")


def points(rng: random.Random) -> None:
    """4,500 registrants; most stamp a few times a year, some often; some repeats and FY2025 stamps."""
    activities = ["L1", "L2", "L3", "L4", "V1", "V2", "V3", "V4"]
    rows: list[list[str]] = []
    for i in range(1, 4501):
        p = f"R{i:05d}"
        n = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24])
        for _ in range(n):
            d = _day(rng, FY_START, FY_END)
            a = rng.choice(activities)
            rows.append([p, a, d.isoformat()])
            if rng.random() < 0.02:
                rows.append([p, a, d.isoformat()])  # stamped twice the same day: counts once
        if rng.random() < 0.02:
            rows.append([p, rng.choice(activities), _day(rng, date(2025, 4, 1), date(2025, 4, 30)).isoformat()])
    _write("points_stamps_fy2024.csv", ["person_id", "activity_id", "stamped_on"], rows, "utf-8")


def mutual_aid(rng: random.Random) -> None:
    """Twenty groups: some subsidized before FY2024, some starting mid-year; rent and challenge costs."""
    rows: list[list[str]] = []
    months = [date(2024 + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    for i in range(1, 21):
        first = rng.choice([date(2022, 4, 1), date(2023, 3, 1), date(2023, 10, 1), date(2024, 4, 1),
                            date(2024, 7, 1), date(2024, 10, 1)])
        rent = rng.choice([0, 0, 8000, 15001, 20000, 25000])
        for m in months:
            if m < first:
                continue
            challenge = rng.choice([0, 0, 0, 3000, 5000, 6000])
            rows.append([f"M{i}", f"{first:%Y-%m}", f"{m:%Y-%m}", f"{rent:,}" if rent else "0", str(challenge)])
    header = ["グループID", "補助開始月", "対象月", "賃借料", "チャレンジ経費"]
    _write("mutual_aid_fy2024.csv", header, rows, "utf-8-sig")


def main() -> None:
    """Write every example file."""
    rng = random.Random(SEED)  # noqa: S311 - synthetic test data, reproducible by design
    roster(rng)
    activity_centers(rng)
    points(rng)
    mutual_aid(rng)


if __name__ == "__main__":
    main()
