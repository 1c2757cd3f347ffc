"""Entry point of ``kanoya-benefits``.

Each command lives in its own module with ``register(subparsers)``; the list
below is the one place commands are registered. Exit codes are in the README.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from kanoya_benefits import KanoyaError, __version__

from . import exit_codes

# Command modules, registered explicitly (no scanning). Each adds its subparsers.
COMMAND_MODULES: list[str] = [
    "serve",
    "programs",  # issue 5: programs, check-manual, budget
    "calc",  # issue 3: one amount and its working
    "batch",  # issue 3: whole input files
    "audit",  # issue 6: auditors' case files
    "compare",  # issue 6: a reform's effect and budget impact
    "rules_cmd",  # issue 6: rules show / rules diff
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="kanoya-benefits",
        description="Kanoya City multi-layered support programme: money rules, exact and explained. "
        "鹿屋市重層的支援体制整備事業の金額計算",
    )
    parser.add_argument("--version", action="version", version=f"kanoya-benefits {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"kanoya_benefits_cli.{name}").register(sub)
    return parser


def japanese(err: BaseException) -> str | None:
    """The error in Japanese when it has a Japanese wording (staff read both), else None."""
    message_ja = getattr(err, "message_ja", None)
    return message_ja if isinstance(message_ja, str) and message_ja else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (no traceback for known errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return exit_codes.USAGE
    # SIGTERM (a scheduler or service manager stopping the command, `kill`) ends it like Ctrl-C, so
    # clean-up runs: a half-written output file is removed and the previous one kept (issue 7).
    previous = _on_sigterm(_interrupt)
    try:
        return int(args.handler(args))
    except KanoyaError as err:
        print(f"error: {err}", file=sys.stderr)
        ja = japanese(err)
        if ja:
            print(f"エラー: {ja}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:  # the reader went away (`… | head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return exit_codes.OK
    except Exception as err:  # a defect of ours: say so plainly, never a traceback for staff
        print(f"internal error (please report): {type(err).__name__}: {err}", file=sys.stderr)
        print("エラー: 内部エラーが発生しました（担当者に連絡してください）", file=sys.stderr)
        return exit_codes.INTERNAL_ERROR
    finally:
        if previous is not None:
            _on_sigterm(previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _on_sigterm(handler: Any) -> Any:
    """Set the SIGTERM handler, returning the previous one (None off the main thread: left alone)."""
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread, e.g. main() called by an embedding program
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
