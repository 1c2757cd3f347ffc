"""Calling the library from a view: the app's rule set, and library errors named by JSON field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any, TypeVar

from flask import current_app

from kanoya_benefits import InputError, RuleSet
from kanoya_benefits.registry import CALCULATORS, Calculator
from kanoya_benefits.rules import SHIPPED_DIR

from .problems import from_library

T = TypeVar("T")

RULES_KEY = "kanoya_benefits.rules"


def rules() -> RuleSet:
    """The rule set this app serves (the shipped rules, or ``--rules PATH``)."""
    loaded: RuleSet = current_app.extensions[RULES_KEY]
    return loaded


def public(loaded: RuleSet) -> RuleSet:
    """The rule set as the API shows it: its ``source`` without the server's paths.

    The shipped rules show as ``shipped``, any other directory or overlay file by its file name
    (``shipped + reform-2025.yaml``): clients must not learn where the server is installed.
    """
    shipped = str(SHIPPED_DIR)
    shown = " + ".join("shipped" if part == shipped else (PurePath(part).name or part)
                       for part in loaded.source.split(" + "))
    return loaded if shown == loaded.source else RuleSet(loaded.parameters, loaded.version, shown)


def call(function: Callable[..., T], field_map: Mapping[str, str] | None = None, /, *args: Any, **kwargs: Any) -> T:
    """Run a library function on the app's rules; an InputError becomes a 422 naming the JSON field."""
    try:
        return function(*args, rules=rules(), **kwargs)
    except InputError as err:
        raise from_library(err, field_map) from None


def programme(slug: str) -> Calculator:
    """The registry's calculator for a URL slug (names and ids are not declared again here)."""
    for c in CALCULATORS:
        if c.slug == slug:
            return c
    raise KeyError(slug)


def describe(slug: str) -> str:
    """A blueprint description from the registry, in Japanese and English."""
    c = programme(slug)
    return f"{c.name_ja} / {c.name_en}"
