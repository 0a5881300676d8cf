"""The log's settings (`custlog config`): who signs a recap, the currency, check-ins.

Settings live in the log itself, so a log moved to another machine (or exported and imported)
keeps them. Each key has one reader that checks and normalises a value before anything is
written; an empty value puts the key back to its default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from custlog.errors import BadInput
from custlog.parsing import dates
from custlog.parsing.money import DEFAULT_CURRENCY, parse_currency

if TYPE_CHECKING:
    from custlog.storage.store import Store

MAX_BUSINESS = 120
_NO_PERIOD = ("none", "never", "off", "no")


def _business(text: str) -> str:
    value = " ".join(text.split())
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
        raise BadInput("the business name cannot hold control characters")
    if len(value) > MAX_BUSINESS:
        raise BadInput(f"the business name is too long (at most {MAX_BUSINESS} characters)")
    return value


def _check_in(text: str) -> str | None:
    if text.strip().lower() in _NO_PERIOD:
        return None
    return dates.parse_period(text).canonical()


# NamedTuples, not dataclasses: `due` and `brief` load this module on every run.
class Key(NamedTuple):
    """One setting: what it is for, how a value is read, its default."""

    help: str
    read: Callable[[str], str | None]
    default: str | None = None


KEYS: dict[str, Key] = {
    "business": Key("the name that signs a recap", _business),
    "currency": Key("the symbol for amounts", parse_currency, DEFAULT_CURRENCY),
    "check-in": Key("how long after work to check in (a period, or none)", _check_in),
}


class Settings(NamedTuple):
    business: str | None = None
    currency: str = DEFAULT_CURRENCY
    check_in: str | None = None  # a canonical period

    @classmethod
    def from_stored(cls, stored: Mapping[str, str]) -> Settings:
        """Settings from what the log holds (unknown keys, from a newer custlog, are ignored)."""
        return cls(
            business=stored.get("business") or None,
            currency=stored.get("currency") or DEFAULT_CURRENCY,
            check_in=stored.get("check-in") or None,
        )

    def as_dict(self) -> dict[str, str | None]:
        return {"business": self.business, "currency": self.currency, "check-in": self.check_in}


def parse_key(text: str) -> str:
    key = text.strip().lower().replace("_", "-")
    if key == "checkin":
        key = "check-in"
    if key not in KEYS:
        raise BadInput(f'unknown setting "{text}": use one of {", ".join(KEYS)}')
    return key


def parse_value(key: str, text: str) -> str | None:
    """The value to keep for `key` (None: back to the default). An empty text resets."""
    if not text.strip():
        return None
    value = KEYS[key].read(text)
    return None if value == KEYS[key].default else value


def describe(key: str, value: str | None) -> str:
    """How a value reads in `custlog config`."""
    if value is None:
        return "not set"
    if key == "check-in":
        return f"{value} ({dates.parse_period(value).describe().removeprefix('every ')} after work)"
    return value


def load(store: Store) -> Settings:
    """The log's settings, defaults filled in."""
    return Settings.from_stored(store.settings.all())


def change(store: Store, key: str, value: str | None) -> None:
    """Keep a checked value (`parse_key`, `parse_value`); None puts the default back."""
    step = f"config {key} {value}" if value is not None else f"config {key} (back to the default)"
    with store.transaction(step=step):
        store.settings.set(key, value)
