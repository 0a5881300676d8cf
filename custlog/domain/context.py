"""What every use case needs: the open log, today's date and the time of day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from custlog.errors import NotFound
from custlog.models import Customer, Followup
from custlog.parsing import names
from custlog.storage.store import Store


@dataclass
class Context:
    store: Store
    today: date
    now: time

    @property
    def now_dt(self) -> datetime:
        return datetime.combine(self.today, self.now)

    def customer(self, query: str) -> Customer:
        """The customer `query` names (`custlog.parsing.names`), or NotFound/Ambiguous."""
        text = query.strip()
        if text.startswith("#") and text[1:].isdecimal():
            found = self.store.customers.get(int(text[1:])) if len(text) <= 19 else None
            if found is None:
                raise NotFound(f"no customer with id {text}")
            return found
        customer_id = names.resolve(
            text, self.store.customers.name_candidates(text), self.store.customers.all_names
        )
        found = self.store.customers.get(customer_id)
        assert found is not None
        return found

    def followup(self, ref: str) -> Followup:
        followup_id = names.parse_id(ref, "follow-up id")
        found = self.store.followups.get(followup_id)
        if found is None:
            raise NotFound(f"no follow-up with id #{followup_id} (see `custlog due`)")
        return found
