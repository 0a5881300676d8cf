"""Amounts, currencies, settings and appointment times: the small readers and writers."""

from __future__ import annotations

from datetime import time

import pytest

from custlog.domain import settings
from custlog.errors import BadInput
from custlog.parsing.money import format_money, parse_amount, parse_currency
from custlog.parsing.times import Appointment, parse_at


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (480, "$", "$480"),
        (1230.5, "$", "$1,230.50"),
        (480, "€", "€480"),
        (99.99, "£", "£99.99"),
        (480, "CHF", "CHF 480"),
        (1500, "kr", "kr 1,500"),
    ],
)
def test_format_money_uses_the_given_currency(amount: float, currency: str, shown: str) -> None:
    assert format_money(amount, currency) == shown


@pytest.mark.parametrize("typed", ["480", "$480", "€480", "480€", "€ 480", "480.00"])
def test_parse_amount_reads_a_typed_symbol_and_drops_it(typed: str) -> None:
    assert parse_amount(typed) == 480.0


@pytest.mark.parametrize("typed", ["", "abc", "-5", "nan", "inf", "1e20", "4 80"])
def test_parse_amount_refuses_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(BadInput):
        parse_amount(typed)


@pytest.mark.parametrize("typed", ["", " ", "12", "$$$$$$", "E U R", "€\x1b", "-", "=1"])
def test_parse_currency_refuses_digits_spaces_and_long_codes(typed: str) -> None:
    with pytest.raises(BadInput):
        parse_currency(typed)


def test_settings_read_and_normalise_each_key() -> None:
    assert settings.parse_key("Check_In") == "check-in"
    assert settings.parse_value("check-in", "5 days") == "5d"
    assert settings.parse_value("check-in", "none") is None
    assert settings.parse_value("currency", " € ") == "€"
    assert settings.parse_value("currency", "$") is None  # the default is not stored
    assert settings.parse_value("business", "  Lee's   Garage ") == "Lee's Garage"
    assert settings.parse_value("business", "") is None


@pytest.mark.parametrize(
    ("key", "value"),
    [("check-in", "soon"), ("currency", "12"), ("business", "a\x07b"), ("business", "x" * 200)],
)
def test_settings_refuse_bad_values(key: str, value: str) -> None:
    with pytest.raises(BadInput):
        settings.parse_value(key, value)


def test_settings_refuse_an_unknown_key() -> None:
    with pytest.raises(BadInput, match="use one of business, currency, check-in"):
        settings.parse_key("colour")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", Appointment(time(9, 30))),
        ("14:00", Appointment(time(14, 0))),
        ("2pm", Appointment(time(14, 0))),
        ("7-9", Appointment(time(7), time(9))),
        ("13:30-15:00", Appointment(time(13, 30), time(15))),
        ("1-3pm", Appointment(time(13), time(15))),
        ("7–9", Appointment(time(7), time(9))),
    ],
)
def test_parse_at_reads_a_time_or_a_window(typed: str, expected: Appointment) -> None:
    assert parse_at(typed) == expected


@pytest.mark.parametrize("typed", ["", "25:00", "9:60", "9-7", "9-9", "noon", "13pm", "7-"])
def test_parse_at_refuses_an_impossible_time(typed: str) -> None:
    with pytest.raises(BadInput):
        parse_at(typed)


def test_appointment_reads_and_keeps_its_time() -> None:
    window = Appointment(time(7), time(9))
    assert window.describe() == "7:00–9:00"
    assert window.iso() == "07:00-09:00"
    assert window.stored() == ("07:00", "09:00")
    assert Appointment(time(9, 30)).iso() == "09:30"
