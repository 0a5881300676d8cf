"""`custlog merge NAME INTO`: two records of one person become one.

Everything NAME had (notes, facts, follow-ups with their offers, aliases, and any other record
that points at the customer) moves to INTO; INTO's own fields win and its empty ones are filled
from NAME (who sent them too, unless that was NAME or INTO); `since` is the earlier of the two;
the tags are the union; those NAME sent were sent by INTO, and the thank-you for sending NAME
names INTO. NAME is deleted and its name stays an alias that finds INTO (compared by the one
name rule, `custlog.parsing.names`). All in one transaction, one step for `custlog undo`.
"""

from __future__ import annotations

from typing import NamedTuple

from custlog.domain import referrals
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.models import Customer, CustomerChanges
from custlog.parsing import names
from custlog.render.words import quoted

FILLED = ("called", "company", "phone", "email", "every")  # INTO's empty ones come from NAME


class Merged(NamedTuple):
    customer: Customer  # INTO, as it is now
    gone: Customer  # NAME, as it was
    moved: dict[str, int]  # by table (notes, facts, followups, …): how many rows moved
    aliases: list[str]  # every other name INTO now goes by


def merged_values(gone: Customer, into: Customer) -> CustomerChanges:
    """What changes on INTO: its empty fields filled from NAME, the tags' union, the earlier
    `since`."""
    values = CustomerChanges()
    for key in FILLED:
        if not getattr(into, key) and getattr(gone, key):
            values[key] = getattr(gone, key)  # type: ignore[literal-required]
    tags = into.tags + tuple(t for t in gone.tags if t not in into.tags)
    if tags != into.tags:
        values["tags"] = tags
    if gone.since is not None and (into.since is None or gone.since < into.since):
        values["since"] = gone.since
    # Who sent them: INTO's sender wins, unless that was NAME itself (nobody sends themselves).
    if into.referred_by in (None, gone.id) and gone.referred_by not in (None, into.id):
        values["referred_by"] = gone.referred_by
    return values


def check_alias(ctx: Context, alias: str, keep: set[int]) -> None:
    """An alias must not make a name ambiguous: no other customer (outside `keep`) may have
    it as their full or called name."""
    owner = ctx.store.customers.alias_owner(alias)
    if owner is not None and owner not in keep:
        other = ctx.store.customers.get(owner)
        assert other is not None
        raise BadInput(
            f"{quoted(alias)} is already another name of #{other.id} {other.name}; "
            "nothing was merged"
        )
    others = [c for c in ctx.store.customers.called_or_named(alias) if c.id not in keep]
    if others:
        raise BadInput(
            f"{quoted(alias)} cannot stay as another name: #{others[0].id} {others[0].name} "
            "is called that too (rename one first with `custlog edit`); nothing was merged"
        )


def merge(ctx: Context, name: str, into: str) -> Merged:
    """Merge the customer `name` names into the one `into` names (see the module)."""
    gone = ctx.customer(name)
    target = ctx.customer(into)
    if gone.id == target.id:
        raise BadInput(
            f"{quoted(name)} and {quoted(into)} are the same customer "
            f"(#{target.id} {target.name}): nothing to merge"
        )
    alias: str | None = gone.name
    if names.same_name(gone.name, target.name):
        alias = None  # the name finds INTO already
    elif ctx.store.customers.alias_owner(gone.name) in (gone.id, target.id):
        alias = None  # already another name of one of them: it moves along
    else:
        check_alias(ctx, gone.name, {gone.id, target.id})
    store = ctx.store
    with store.transaction(step=f"merge {gone.name} into {target.name}"):
        # The thank-you for sending NAME names INTO now: it outlives NAME's alias only so.
        referrals.rename_in_thanks(ctx, gone, target.name)
        moved = store.customers.merge(gone.id, target.id, merged_values(gone, target), alias)
    found = store.customers.get(target.id)
    assert found is not None
    return Merged(found, gone, moved, store.customers.aliases(target.id))
