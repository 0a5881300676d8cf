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


FORGOTTEN = "a customer"  # stands for a forgotten customer's name in a thank-you


def is_thanks_for(text: str, sent_name: str) -> bool:
    """Whether a follow-up's text is the thank-you for sending `sent_name`."""
    return text.startswith("Thank ") and text.endswith(f" for sending {sent_name}")


def renamed_thanks(text: str, old_name: str, new_name: str) -> str | None:
    """The thank-you for sending `old_name`, now naming `new_name` instead (None: `text` is
    not that thank-you). `edit --name` keeps it naming the customer; `forget` puts
    `FORGOTTEN` in their place, so the sender keeps the callback but not the name."""
    if not is_thanks_for(text, old_name):
        return None
    return text.removesuffix(old_name) + new_name


def rename_in_thanks(ctx: Context, customer: Customer, new_name: str) -> None:
    """Every thank-you (open or done) for sending `customer` names them by `new_name` from
    now on: a new name (`edit --name`), the customer they were merged into (`merge`), or
    none at all (`forget`). Whoever it belongs to: the one who sent them now, or one who was
    said to before an `edit --referred-by`. A name another customer also has is left as it
    is (the thank-you may be for them, and the name stays in the log anyway). Run inside the
    caller's transaction."""
    if any(c.id != customer.id for c in ctx.store.customers.named(customer.name)):
        return
    for f in ctx.store.followups.ending_with(f" for sending {customer.name}"):
        text = renamed_thanks(f.text, customer.name, new_name)
        if text is not None:
            ctx.store.followups.set_text(f.id, text)


def check_not_self(query: str, new_name: str) -> None:
    """`add NAME --referred-by NAME`: nobody sends us themselves (checked before the log,
    with the one rule that says two names are the same name)."""
    if not names.reads_as_id(query.strip()) and names.same_name(query, new_name):
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
