"""Referrals: who sent a customer to us, and the thank-you that is owed for it."""

from __future__ import annotations

from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import Customer
from custlog.parsing import names

THANKS_KIND = "callback"


def thanks_text(sender: Customer, sent_name: str) -> str:
    """The callback added for the one who sent a customer (unless --no-thanks)."""
    return f"Thank {sender.name} for sending {sent_name}"


def is_thanks_for(text: str, sent_name: str) -> bool:
    """Whether a follow-up's text is the thank-you for sending `sent_name` (`forget` removes
    it: the name of a forgotten customer must not stay in the sender's record)."""
    return text.startswith("Thank ") and text.endswith(f" for sending {sent_name}")


def check_not_self(query: str, new_name: str) -> None:
    """`add NAME --referred-by NAME`: nobody sends us themselves (checked before the log)."""
    if not names.reads_as_id(query.strip()) and query.strip().casefold() == new_name.casefold():
        raise BadInput("a customer cannot be referred by themselves")


def sender(ctx: Context, query: str, customer_id: int | None = None) -> Customer:
    """The customer `query` names, who sent customer `customer_id` (None: a new customer)."""
    found = ctx.customer(query)
    if found.id == customer_id:
        raise BadInput(f"{found.name} cannot be referred by themselves")
    return found


def sender_of(ctx: Context, customer: Customer) -> Customer | None:
    """Who sent `customer`, if anyone (and they are still in the log)."""
    if customer.referred_by is None:
        return None
    return ctx.store.customers.get(customer.referred_by)
