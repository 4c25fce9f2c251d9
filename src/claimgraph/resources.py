"""Data files shipped in ``claimgraph/data`` (word lists, lexicons), read without spaCy.

Every file there starts with comment lines saying where its words come from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def data_lines(filename: str) -> list[str]:
    """Lines of a data file, without comments (``#``) and blank lines."""
    text = resources.files("claimgraph.data").joinpath(filename).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def data_text(filename: str) -> str:
    """A data file's whole text (JSON files say where their values come from in a field)."""
    return resources.files("claimgraph.data").joinpath(filename).read_text(encoding="utf-8")


def data_table(filename: str) -> dict[str, str]:
    """A two-column tab-separated data file as a dict."""
    table = {}
    for line in data_lines(filename):
        key, _, value = line.partition("\t")
        table[key.strip()] = value.strip()
    return table


@lru_cache(maxsize=1)
def country_words() -> dict[str, str]:
    """Word or phrase ("Russian", "Kremlin", "NATO") -> the country or bloc it stands for."""
    return data_table("countries.tsv")


@lru_cache(maxsize=1)
def organisation_words() -> frozenset[str]:
    """Head nouns of organisation names (the "org" rows of role_nouns.tsv)."""
    return frozenset(w for w, kind in data_table("role_nouns.tsv").items() if kind == "org")


@lru_cache(maxsize=1)
def honorifics() -> dict[str, str]:
    return data_table("honorifics.txt")
