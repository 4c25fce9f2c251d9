"""Argument types of the commands: values checked as the API checks them, so a bad one is
argparse's one-line error (exit 2), never a traceback from deeper down."""

from __future__ import annotations

import argparse

from claimgraph.store.queries import MAX_ID, date_bound


def whole(text: str) -> int:
    """A whole number from 0 to 2**31 - 1 (the databases' INTEGER), in ASCII digits."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if int(value) > MAX_ID:
        raise argparse.ArgumentTypeError(f"{text!r} is too large (at most {MAX_ID:,})")
    return int(value)


def port(text: str) -> int:
    number = whole(text)
    if not 0 < number <= 65_535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return number


def day(text: str) -> str:
    """A day, month or year (YYYY-MM-DD, YYYY-MM, YYYY) that exists, as typed."""
    try:
        date_bound(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def claim_id(text: str) -> int:
    """A claim's id as the claims list prints it ("c12"; "12" too), as the store's key."""
    try:
        return whole(text.strip().removeprefix("c"))
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a claim id (c12)") from None


def positive(text: str) -> int:
    """A whole number from 1."""
    number = whole(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1")
    return number
