"""Errors the domain raises; the CLI turns each into one line on stderr and exit 1."""

from __future__ import annotations


class CustlogError(Exception):
    """Anything the user can fix: bad input, unknown names, unreadable files."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(CustlogError):
    """A value that cannot be read: a date, a period, an amount, empty text."""


class BadOption(BadInput):
    """Options that do not go together: a usage error (exit 2) about one option."""

    exit_code = 2

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option


class NotFound(CustlogError):
    """A name or id that matches nothing in the log."""


class Ambiguous(CustlogError):
    """A name that matches several customers (their ids in `ids`)."""

    def __init__(self, message: str, ids: list[int] | None = None) -> None:
        super().__init__(message)
        self.ids = ids or []


class StorageError(CustlogError):
    """The log file cannot be opened, read or written."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP: unwinds the command like Ctrl-C (past the error boundary and
    click), so that transactions roll back and temporary copies are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
