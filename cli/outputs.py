"""The one check on a command's output paths, made before anything runs (exit 2 when refused).

- An output must not be one of the command's inputs (an input CSV, ``--centers``, ``--catalogue``,
  a case file or a file inside a case or rules directory, a ``--rules``/``--reform`` overlay):
  writing it would destroy the input. Same file by ``os.path.samefile`` when both exist (hard
  links, symlinks, ``./x`` vs ``x``), by resolved path otherwise.
- The name says what is written: the extension decides the format (``-o``: .csv → CSV, .json →
  JSON; ``--report``: .html; ``--junit``: .xml); any other name is refused rather than written
  with a misleading extension (``out.xlsx`` holding CSV). ``--format``, where a command has it,
  must agree with the name; ``--output-encoding`` applies to CSV only (JSON is always UTF-8).
- A path that exists and is not a regular file (a directory, a pipe) is left to the writer, which
  refuses it with exit 5 (kanoya_benefits.output).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from kanoya_benefits.audit.cases import case_files

from . import exit_codes

DATA = (".csv", ".json")  # -o: CSV or JSON, by the name
HTML = (".html",)  # --report
XML = (".xml",)  # --junit

Output = tuple[str, str | None, Sequence[str]]  # (option, path or None when not given, allowed extensions)


def format_of(path: str | Path) -> str:
    """The format a data output is written in: ``json`` for a .json name, else ``csv``."""
    return "json" if Path(path).suffix.lower() == ".json" else "csv"


def _same(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def _files(inputs: Iterable[str | Path | None]) -> list[Path]:
    """Every input file: files as given, directories (cases, rules) as the files read from them."""
    out: list[Path] = []
    for i in inputs:
        if i is None or i == "":
            continue
        p = Path(i)
        out += case_files([p])[0] if p.is_dir() else [p]
    return out


def _problem(outputs: Sequence[Output], inputs: Iterable[str | Path | None], fmt: str | None,
             encoding: str | None) -> str | None:
    given = [(opt, Path(path), allowed) for opt, path, allowed in outputs if path]
    files = _files(inputs)
    for opt, out, _ in given:
        for f in files:
            if _same(out, f):
                return (f"error: {opt} {out} would overwrite the input {f}: give another output file / "
                        f"エラー: {opt} {out} は入力ファイル {f} を上書きしてしまいます。"
                        "別の出力ファイルを指定してください")
    for opt, out, allowed in given:
        if out.exists() and not out.is_file():
            continue  # a directory or a pipe: the writer refuses it (exit 5)
        if out.suffix.lower() not in allowed:
            names, names_ja = " or ".join(allowed), " または ".join(allowed)
            return (f"error: {opt} {out}: the file name must end in {names} (the extension decides what is written) / "
                    f"エラー: {opt} {out}: ファイル名の拡張子は {names_ja} にしてください"
                    "（拡張子で出力形式が決まります）")
        if allowed == DATA and fmt and fmt != format_of(out):
            return (f"error: --format {fmt} does not match {opt} {out} (a {format_of(out)} name): name the file "
                    f".{fmt} / エラー: --format {fmt} と {opt} {out} の拡張子が一致しません。"
                    f"ファイル名を .{fmt} にしてください")
        if allowed == DATA and encoding and format_of(out) == "json":
            return (f"error: --output-encoding {encoding} cannot apply to the JSON output {out}: JSON is always "
                    f"UTF-8 (the encoding is for .csv outputs) / エラー: JSON出力 {out} は常に UTF-8 です。"
                    f"--output-encoding {encoding} は .csv 出力にだけ指定できます")
    return None


def refuse_outputs(outputs: Sequence[Output], inputs: Iterable[str | Path | None], *, fmt: str | None = None,
                   encoding: str | None = None) -> int | None:
    """``exit_codes.USAGE`` after one line on stderr (English / Japanese) if an output is refused, else None.

    ``fmt`` is a ``--format`` given on the command line, ``encoding`` an ``--output-encoding`` other than
    UTF-8 (both None when not given).
    """
    problem = _problem(outputs, inputs, fmt, encoding)
    if problem is None:
        return None
    print(problem, file=sys.stderr)
    return exit_codes.USAGE
