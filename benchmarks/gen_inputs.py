"""Large, realistic batch inputs with a fixed seed, for benchmarks/bench_batch.py and the fault tests.

Nothing here is committed data: files are written to a directory the caller gives (a temporary
one). Same seed, same rows → same totals, run after run.

- attendance: ``利用日,センターID,利用者ID,入浴,送迎回数`` over FY2024, every user at one of 20
  centers, each user at most once a day (so every row is used), bath and trips in Excel's forms;
- roster: ``person_id,group_id,joined_on,left_on`` over 355 groups, joins from FY2019 to FY2025
  (memberships before the fiscal year included, as the batch needs), some left;
- stamps: ``person_id,activity_id,stamped_on`` for 4,500 registrants, a few same-day repeats and
  some dated outside the fiscal year;
- centers: ``センターID,類型,適用開始日`` for the 20 centers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20240401
FY_START = date(2024, 4, 1)
CENTERS = 20
USERS = 6000
GROUPS = 355
REGISTRANTS = 4500
ACTIVITIES = ("L1", "L2", "L3", "L4", "V1", "V2", "V3", "V4")


def centers(path: Path) -> Path:
    """The 20 centers and their types, effective from the rules' start."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("センターID,類型,適用開始日\r\n")
        for c in range(1, CENTERS + 1):
            f.write(f"K{c},{('Ⅰ型', 'Ⅱ型', 'Ⅲ型')[c % 3]},2024-04-01\r\n")
    return path


def attendance(path: Path, rows: int, seed: int = SEED) -> Path:
    """``rows`` attendance rows spread evenly over the 365 days of FY2024."""
    rng = random.Random(seed)
    per_day = -(-rows // 365)
    if per_day > USERS:
        raise ValueError(f"at most {USERS * 365:,} rows: each user attends once a day")
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("利用日,センターID,利用者ID,入浴,送迎回数\r\n")
        for d in range(365):
            day = (FY_START + timedelta(days=d)).isoformat()
            for user in rng.sample(range(USERS), min(per_day, rows - written)):
                f.write(f"{day},K{user % CENTERS + 1},U{user:05d},{rng.choice('有無無')},{rng.choice('0122')}\r\n")
            written += min(per_day, rows - written)
            if written >= rows:
                break
    return path


def roster(path: Path, rows: int, seed: int = SEED) -> Path:
    """``rows`` memberships: people joining groups from FY2019 to FY2025, some leaving."""
    rng = random.Random(seed)
    people = max(rows * 2 // 3, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("person_id,group_id,joined_on,left_on\r\n")
        for _ in range(rows):
            joined = date(2019, 4, 1) + timedelta(days=rng.randrange(7 * 365))
            left = joined + timedelta(days=rng.randrange(30, 1500)) if rng.random() < 0.2 else None
            f.write(f"P{rng.randrange(people):06d},G{rng.randrange(1, GROUPS + 1)},{joined.isoformat()},"
                    f"{left.isoformat() if left else ''}\r\n")
    return path


def stamps(path: Path, rows: int, seed: int = SEED, keys: int | None = None) -> Path:
    """``rows`` stamps of 4,500 registrants, mostly inside FY2024.

    With ``keys``, every row repeats one of that many distinct (person, activity, day) stamps, so the
    file grows while the distinct keys stay fixed (repeats on a day count once).
    """
    rng = random.Random(seed)
    pool = [(rng.randrange(1, REGISTRANTS + 1), rng.choice(ACTIVITIES), rng.randrange(-20, 385))
            for _ in range(keys or 0)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("person_id,activity_id,stamped_on\r\n")
        for _ in range(rows):
            if pool:
                person, activity, offset = rng.choice(pool)
            else:
                person, activity, offset = rng.randrange(1, REGISTRANTS + 1), rng.choice(ACTIVITIES), \
                    rng.randrange(-20, 385)
            f.write(f"R{person:05d},{activity},{(FY_START + timedelta(days=offset)).isoformat()}\r\n")
    return path
