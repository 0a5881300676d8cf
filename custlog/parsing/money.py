"""Amounts of money: read them from the command line, print them with the log's currency.

One reader (`parse_amount`) and one writer (`format_money`) for every amount custlog shows:
estimates of postponed work, sales, the amount of work done. The currency symbol is the
`currency` setting (`custlog config currency €`); a symbol typed with an amount (`€480`) is
read and dropped, because the log keeps one currency.
"""

from __future__ import annotations

import re

from custlog.errors import BadInput
from custlog.render.words import quoted

DEFAULT_CURRENCY = "$"
# One bound for every amount, in the currency's unit: sums of many stay far from overflow and
# print whole; a slip such as 1e308 is refused where it is typed or imported.
MAX_AMOUNT = 1_000_000_000
MAX_CURRENCY = 5
# Symbols people type in front of (or after) an amount: read and dropped.
_SYMBOLS = "$€£¥₹₩₽₺₪₫"
_CURRENCY_SHAPE = re.compile(r"[^\s\d.,+\-=@\x00-\x1f\x7f-\x9f]+")


def parse_amount(text: str | None) -> float | None:
    """`480`, `1,230.50`, `$480`, `€ 480`: a positive amount with at most two decimals."""
    if text is None:
        return None
    raw = text.strip().replace(",", "").strip(_SYMBOLS).strip()
    try:
        if not raw.isascii():  # float() also reads ١٢٠ and full-width digits: no one types those
            raise ValueError(raw)
        value = float(raw)
    except ValueError:
        raise BadInput(
            f'cannot read the amount "{text}": use a number such as 480 or 1230.50'
        ) from None
    return check_amount(value, text)


def check_amount(value: float, shown: str) -> float:
    """An amount as stored, from the command line or an import: finite, from 0 to
    MAX_AMOUNT, rounded to cents. `shown` is the amount as it was written."""
    if value != value or value in (float("inf"), float("-inf")):
        raise BadInput(
            f"the amount {quoted(shown)} is not a number: use one such as 480 or 1230.50"
        )
    if value < 0:
        raise BadInput(f"the amount {quoted(shown)} must be a positive number")
    if value > MAX_AMOUNT:
        raise BadInput(f"the amount {quoted(shown)} is too large: the limit is {MAX_AMOUNT:,}")
    return round(value, 2)


def stored_amount(value: float | None) -> float | None:
    """An amount as read from the log: one an older custlog let through (an infinity, a NaN,
    1e308) is unknown, so that totals stay finite and JSON stays JSON."""
    if value is None or value != value or not 0 <= value <= MAX_AMOUNT:
        return None
    return float(value)


def parse_currency(text: str) -> str:
    """A currency symbol or code: `$`, `€`, `£`, `CHF`, `kr` (at most five characters)."""
    value = text.strip()
    if not value:
        raise BadInput("the currency cannot be empty: use a symbol such as $, € or CHF")
    if len(value) > MAX_CURRENCY or not _CURRENCY_SHAPE.fullmatch(value):
        raise BadInput(
            f'cannot use "{text}" as the currency: use a symbol or code such as $, €, £ or CHF '
            f"(at most {MAX_CURRENCY} characters, no digits or spaces)"
        )
    return value


def format_money(amount: float, currency: str = DEFAULT_CURRENCY) -> str:
    """`$1,230.50`, `€480`, `CHF 480`: whole amounts without cents; a code gets a space."""
    number = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    gap = " " if currency[-1:].isalpha() else ""
    return f"{currency}{gap}{number}"
