"""A batch killed mid-run leaves no partial output, and corrupt input files never give a traceback.

Subprocess tests of ``kanoya-benefits batch`` (bounded: a few seconds each, temporary files only):
SIGTERM and SIGKILL while a large attendance file is being computed leave either no output file or
the previous one intact, and a re-run gives the same totals as an uninterrupted run; input cut
mid-row, in the wrong encoding, binary junk or with an enormous line gives error rows or a clean
refusal (an exit code and a message, no traceback).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import gen_inputs
from kanoya_benefits.batch import attendance, salon_roster

ROWS = 600_000  # a few seconds of work even after the batch speed-ups: long enough to be killed mid-run


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A large attendance file and its centers (fixed seed)."""
    d = tmp_path_factory.mktemp("big")
    return gen_inputs.attendance(d / "attendance.csv", ROWS), gen_inputs.centers(d / "centers.csv")


def _batch(inputs: tuple[Path, Path], out: Path) -> list[str]:
    return [sys.executable, "-m", "kanoya_benefits_cli.main", "batch", "activity-center", str(inputs[0]),
            "--centers", str(inputs[1]), "--fiscal-year", "2024", "-o", str(out), "--quiet"]


def _total_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith("合計"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("previous", [False, True], ids=["no previous output", "previous output kept"])
def test_a_killed_batch_leaves_no_partial_output(big: tuple[Path, Path], tmp_path: Path, sig: signal.Signals,
                                                 previous: bool) -> None:
    """Killed mid-run, the batch leaves no output file (or the previous one untouched), no temp file."""
    out = tmp_path / "claims.csv"
    if previous:
        out.write_text("the previous run's output\n", encoding="utf-8")
    proc = subprocess.Popen(_batch(big, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # reading and counting rows by now, well before the output is written
    assert proc.poll() is None, "the batch finished before it could be killed: make ROWS larger"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    # Never a partial file: the previous output (or none), or — on a machine fast enough to finish
    # writing before the signal lands — the complete new output, ending with its total and provenance.
    if out.exists() and out.read_text(encoding="utf-8") != "the previous run's output\n":
        text = out.read_text(encoding="utf-8-sig")
        assert text.startswith("■") and "合計" in text and "sha256:" in text and text.endswith("\n")
    elif not previous:
        assert not out.exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p != out]
    assert leftovers == [], f"temporary files left behind: {leftovers}"


def test_a_rerun_after_a_kill_gives_the_same_totals(big: tuple[Path, Path], tmp_path: Path) -> None:
    """Kill a run, run again to the end: the totals equal those of the library computing the same file."""
    out = tmp_path / "claims.csv"
    proc = subprocess.Popen(_batch(big, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    done = subprocess.run(_batch(big, out), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = attendance.run([big[0]], centers=[big[1]], fiscal_year=2024)
    assert _total_line(done.stdout) == f"合計 / total: ¥{expected.total:,}"
    assert out.stat().st_size > 0


# -- corrupt inputs ------------------------------------------------------------------------------------

HEADER = "person_id,group_id,joined_on,left_on\n"
GOOD_ROWS = "A01,S1,2023-04-15,\nA02,S2,2024-05-01,\n"

CORRUPT: dict[str, bytes] = {
    "cut mid-row": (HEADER + GOOD_ROWS + "A03,S3,2024-0").encode(),
    "cut mid-character": (HEADER + GOOD_ROWS + "A03,S3,2024-06-01,\nA04,サロン").encode()[:-2],
    "cut inside a quoted cell": (HEADER + GOOD_ROWS + 'A03,"S3,2024-06-01').encode(),
    "cp932 read as UTF-8 (no BOM)": (HEADER + "Ａ０１,サロン１,2024-05-01,\n").encode("cp932"),
    "UTF-16": (HEADER + GOOD_ROWS).encode("utf-16"),
    "binary junk": bytes(range(256)) * 100,
    "NUL bytes in a row": (HEADER + "A01,S\x001,2024-05-01,\n").encode(),
    "an enormous line": (HEADER + GOOD_ROWS + "A03," + "S" * 30_000_000 + ",2024-06-01,\n").encode(),
    "an enormous quoted cell with newlines": (HEADER + 'A03,"' + "x\n" * 100_000 + '",2024-06-01,\n').encode(),
    "only a header": HEADER.encode(),
    "empty": b"",
    "a spreadsheet saved as .csv": b"PK\x03\x04" + bytes(2000),
    "mixed line endings and a BOM": ("\ufeff" + HEADER.replace("\n", "\r\n") + "A01,S1,2024-05-01,\rA02,S2,"
                                     "2024-05-02,\n").encode(),
    "too many columns": (HEADER + "A01,S1,2024-05-01,,extra,more\n").encode(),
    "dates in every form": (HEADER + "A01,S1,令和6年5月1日,\nA02,S2,R6.5.2,\nA03,S3,２０２４/５/３,\n"
                            "A04,S4,2024-02-30,\nA05,S5,45413,\n").encode(),
}


@pytest.mark.parametrize("name", list(CORRUPT))
def test_a_corrupt_roster_gives_error_rows_or_a_clean_refusal(name: str, tmp_path: Path) -> None:
    """Exit 0/1 (error rows written) or 3 (unusable input) with a message; never a traceback."""
    src = tmp_path / "roster.csv"
    src.write_bytes(CORRUPT[name])
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "kanoya_benefits_cli.main", "batch", "salon", str(src),
                           "--fiscal-year", "2024", "-o", str(out), "--quiet"], capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err
    assert done.returncode in (0, 1, 3), err
    if done.returncode == 3:
        assert "error" in err and not out.exists()
    else:
        assert out.exists()


@pytest.mark.parametrize("name", ["cut mid-row", "binary junk", "an enormous line", "cp932 read as UTF-8 (no BOM)"])
def test_the_library_accounts_for_every_row_of_a_corrupt_file(name: str, tmp_path: Path) -> None:
    """In the library, a corrupt file either raises a KanoyaError or accounts for each row it read."""
    from kanoya_benefits import KanoyaError

    src = tmp_path / "roster.csv"
    src.write_bytes(CORRUPT[name])
    try:
        result = salon_roster.run([src], fiscal_year=2024)
    except KanoyaError:
        return
    s = result.summary
    assert s.rows_in == s.used + s.out_of_scope + s.errors


OTHER_KINDS = {
    "activity-center": ("利用日,センターID,利用者ID,入浴,送迎回数\n2024-05-07,K1,V1,有,2\n",
                        ["--centers", str(Path(__file__).parent / "fixtures" / "centers.csv")]),
    "points": ("person_id,activity_id,stamped_on\nQ1,L1,2024-05-01\n", []),
}
DAMAGE = {
    "cut mid-row": lambda good: (good + good.splitlines()[1][:7]).encode(),
    "cp932 read as UTF-8": lambda good: (good + "Ｑ２,Ｌ１,令和6年5月1日\n").encode("cp932"),
    "binary junk": lambda good: bytes(range(256)) * 100,
    "an enormous line": lambda good: (good + "x" * 30_000_000 + "\n").encode(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("kind", list(OTHER_KINDS))
def test_corrupt_attendance_and_stamps_give_error_rows_or_a_clean_refusal(kind: str, damage: str,
                                                                          tmp_path: Path) -> None:
    """The activity-center and points batches handle damaged files like the roster: no traceback."""
    good, extra = OTHER_KINDS[kind]
    src = tmp_path / "input.csv"
    src.write_bytes(DAMAGE[damage](good))
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "kanoya_benefits_cli.main", "batch", kind, str(src), *extra,
                           "--fiscal-year", "2024", "-o", str(out), "--quiet"], capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err
    assert done.returncode in (0, 1, 3), err
    assert out.exists() == (done.returncode != 3)


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A roster of 100,000 memberships: its output takes a while to write."""
    return gen_inputs.roster(tmp_path_factory.mktemp("roster") / "roster.csv", 100_000)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_batch_killed_while_writing_leaves_the_previous_output(big_roster: Path, tmp_path: Path,
                                                                 sig: signal.Signals) -> None:
    """Killed while its output is being written, the batch leaves the previous output file intact;
    on SIGTERM it also removes its half-written temporary file."""
    out = tmp_path / "members.csv"
    out.write_text("the previous run's output\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kanoya_benefits_cli.main", "batch", "salon", str(big_roster),
                             "--fiscal-year", "2024", "-o", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(f".{out.name}.") for p in tmp_path.iterdir()):  # the temp file of the write
        assert proc.poll() is None, "the batch ended before it started writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.05)  # into the writing itself (not the instant the temporary file is being created)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "the previous run's output\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p != out]
    if sig == signal.SIGTERM:
        assert leftovers == [], f"temporary files left behind: {leftovers}"
    else:  # nothing runs after SIGKILL: at most the hidden temporary file stays, never a partial output
        assert all(name.startswith(f".{out.name}.") and name.endswith(".tmp") for name in leftovers)
