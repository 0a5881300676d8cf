"""What every use case needs: the open log, today's date and the time of day."""

from __future__ import annotations

from datetime import date, datetime, time

from custlog.errors import Ambiguous, NotFound
from custlog.models import Customer, Followup
from custlog.parsing import names
from custlog.render.words import quoted, short_date
from custlog.storage.store import Store


class Context:
    """(A plain class, not a dataclass: every command creates one.)"""

    __slots__ = ("now", "store", "today")

    def __init__(self, store: Store, today: date, now: time) -> None:
        self.store = store
        self.today = today
        self.now = now

    @property
    def now_dt(self) -> datetime:
        return datetime.combine(self.today, self.now)

    def day(self, d: date) -> str:
        """ "Tue 1 Dec", as a step for `undo` names a day."""
        return short_date(d, self.today)

    def name_of(self, customer_id: int) -> str:
        """The name of the customer a record belongs to (its id if they are gone)."""
        found = self.store.customers.get(customer_id)
        return found.name if found is not None else f"#{customer_id}"

    def customer(self, query: str) -> Customer:
        """The customer `query` names (`custlog.parsing.names`), or NotFound/Ambiguous."""
        text = query.strip()
        if names.reads_as_id(text):
            found = self.store.customers.get(int(text[1:])) if len(text) <= 19 else None
            if found is None:
                raise NotFound(f"no customer with id {text}")
            return found
        candidates = self.store.customers.name_candidates(text)
        try:
            customer_id = names.resolve(text, candidates, self.store.customers.all_names)
        except Ambiguous as exc:
            if not exc.ids:
                raise
            raise self._ambiguous(text, exc.ids) from None
        found = self.store.customers.get(customer_id)
        if found is None:  # between the two reads, another process forgot or restored
            raise NotFound(
                f"{quoted(text)} was just removed from the log by another program "
                "(forget or restore)"
            )
        return found

    def _ambiguous(self, text: str, ids: list[int]) -> Ambiguous:
        tied, apart = self._apart(ids)
        return Ambiguous(names.ambiguous_message(text, tied, apart), ids)

    def _apart(self, ids: list[int]) -> tuple[list[names.Candidate], dict[int, str]]:
        """Customers of one name, with what tells them apart: company, phone, last contact."""
        tied: list[names.Candidate] = []
        details = {}
        for customer_id in ids[:8]:
            c = self.store.customers.get(customer_id)
            if c is None:
                continue
            tied.append((c.id, c.name, c.called))
            last = self.store.notes.last(customer_id)
            parts = [c.company, c.phone or c.email]
            parts.append(
                f"last contact {short_date(last.at.date(), self.today)}"
                if last is not None
                else "no contact yet"
            )
            details[customer_id] = ", ".join(p for p in parts if p)
        tied += [(i, "", None) for i in ids[8:]]  # counted in "and N more"
        return tied, details

    def exact_customer(self, query: str) -> Customer | None:
        """The customer whose full or called name is exactly `query` (or `#ID`); None when
        no name is exactly that. Several with that exact name: Ambiguous."""
        text = query.strip()
        if names.reads_as_id(text):
            return self.customer(text)
        found = names.pick(text, self.store.customers.name_candidates(text), exact=True)
        if isinstance(found, list):
            if not found:
                return None
            raise self._ambiguous(text, [c[0] for c in found])
        return self.store.customers.get(found)

    def followup(self, followup_id: int) -> Followup:
        found = self.store.followups.get(followup_id)
        if found is None:
            raise NotFound(f"no follow-up with id #{followup_id} (see `custlog due`)")
        return found
