"""Errors that reach the user as one line, never a traceback."""


class ClaimgraphError(Exception):
    """Base class: the message is shown to the user as it is."""


class InputError(ClaimgraphError):
    """An article that cannot be analysed (empty, binary, not UTF-8, too large, not English...)."""


class StoreError(ClaimgraphError):
    """The database cannot be opened or written."""
