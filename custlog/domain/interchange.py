"""The JSON Lines format: `export` writes it, `import` reads it back, all or nothing."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, BinaryIO, TypeVar

from custlog.domain import capture, concerns
from custlog.domain.kinds import parse_kind
from custlog.errors import BadInput
from custlog.formats.jsontext import dumps
from custlog.models import (
    OFFER_OUTCOMES,
    YEARLY_TOPICS,
    NewCustomer,
    NewFact,
    NewFollowup,
    NewNote,
    Offer,
)
from custlog.parsing import dates
from custlog.parsing.money import MAX_AMOUNT, check_amount, stored_amount
from custlog.parsing.names import fold
from custlog.parsing.times import from_stored, parse_at
from custlog.render.words import counts, plural, quoted
from custlog.storage import records
from custlog.storage.store import Store

TYPES = ("setting", "cadence", "customer", "note", "fact", "followup")
MAX_ID = (1 << 63) - 1  # SQLite's largest integer
T = TypeVar("T")


def _appointment(start: str | None, end: str | None) -> str | None:
    """A follow-up's time as JSON carries it: "09:30" or "07:00-09:00"."""
    found = from_stored(start, end)
    return found.iso() if found else None


def _offer(o: Offer) -> dict[str, Any]:
    return {"on": o.on.isoformat(), "outcome": o.outcome, "reason": o.reason, "amount": o.amount}


def _dump(obj: dict[str, Any]) -> str:
    return dumps(obj)


def export_lines(store: Store) -> Iterator[str]:
    """The whole log, customers first, in a stable order (export → import → export is identical)."""
    for key, value in store.settings.all().items():
        yield _dump({"type": "setting", "key": key, "value": value})
    for tag, every in sorted(store.cadence.tag_cadences().items()):
        yield _dump({"type": "cadence", "tag": tag, "every": every})
    names = {r["id"]: r["name"] for r in store.tables.rows("customers")}
    aliases = store.customers.every_alias()
    for r in store.tables.rows("customers"):
        customer = {
            "type": "customer",
            "id": r["id"],
            "name": r["name"],
            "called": r["called"],
            "company": r["company"],
            "phone": r["phone"],
            "email": r["email"],
            "tags": json.loads(r["tags"] or "[]"),
            "every": r["every"],
            "since": r["since"],
            "aliases": aliases.get(r["id"], []),
        }
        if r["quiet_until"]:  # `snooze C12 WHEN`
            customer["quiet_until"] = r["quiet_until"]
        if r["referred_by"]:  # who sent them (`add --referred-by`)
            customer["referred_by"] = names[r["referred_by"]]
            customer["referred_by_id"] = r["referred_by"]
        yield _dump(customer)
    for r in store.tables.rows("notes"):
        yield _dump(
            {
                "type": "note",
                "customer": names[r["customer_id"]],
                "customer_id": r["customer_id"],
                "id": r["id"],
                "at": r["at"],
                "via": r["via"],
                "text": r["text"],
                "work": bool(r["work"]),
                "amount": stored_amount(r["amount"]),
                # only for a note dated by a day alone: its time of day was not given
                **({} if r["timed"] else {"timed": False}),
            }
        )
    for r in store.tables.rows("facts"):
        fact = {
            "type": "fact",
            "customer": names[r["customer_id"]],
            "customer_id": r["customer_id"],
            "id": r["id"],
            "topic": r["topic"],
            "text": r["text"],
            "learned": r["learned"],
            "when": r["event"],
            "private": bool(r["private"]),
            "superseded_by": r["superseded_by"],
        }
        if r["addressed"]:  # a concern `done F7 --note` addressed
            fact["addressed"] = r["addressed"]
            fact["addressed_note_id"] = r["addressed_note_id"]
        yield _dump(fact)
    offers: dict[int, list[Offer]] = {}
    for o in store.offers.all():
        offers.setdefault(o.followup_id, []).append(o)
    for r in store.tables.rows("followups"):
        yield _dump(
            {
                "type": "followup",
                "customer": names[r["customer_id"]],
                "customer_id": r["customer_id"],
                "id": r["id"],
                "due": r["due"],
                "text": r["text"],
                "kind": r["kind"],
                "every": r["every"],
                "from_done": bool(r["from_done"]),
                "estimate": stored_amount(r["estimate"]),
                "done": r["done"],
                "created": r["created"],
                "at": _appointment(r["at_start"], r["at_end"]),
                "anchor": r["anchor"],
                "promised": r["promised"],
                "offers": [_offer(o) for o in offers.get(r["id"], [])],
            }
        )


@dataclass
class ImportReport:
    customers: int = 0
    notes: int = 0
    facts: int = 0
    followups: int = 0
    skipped: int = 0  # records already in the log
    matched: int = 0  # customer lines that matched a customer already in the log

    def summary(self) -> str:
        text = "imported " + counts(
            [
                (self.customers, "customer"),
                (self.notes, "note"),
                (self.facts, "fact"),
                (self.followups, "follow-up"),
            ]
        )
        if self.matched or self.skipped:
            there = " and ".join(
                plural(n, word)
                for n, word in ((self.matched, "customer"), (self.skipped, "record"))
                if n
            )
            verb = "was" if self.matched + self.skipped == 1 else "were"
            text += f" ({there} {verb} already there)"
        return text


class _Line:
    """One parsed line, with typed accessors that name the line in every error.

    Every value goes through the checks the commands use (`custlog.domain.capture`,
    `custlog.parsing.dates`): an import accepts exactly what the CLI accepts.
    """

    def __init__(self, number: int, obj: dict[str, Any]) -> None:
        self.lineno = number
        self.obj = obj

    def fail(self, message: str) -> BadInput:
        message = message.removesuffix(": nothing was written")
        return BadInput(f"line {self.lineno}: {message}; nothing was imported")

    def checked(self, check: Callable[..., T], *args: Any) -> T:
        """`check(*args)`, its refusal named by this line."""
        try:
            return check(*args)
        except BadInput as exc:
            raise self.fail(exc.message) from None

    def raw(self, key: str, *, required: bool = False) -> str | None:
        """The string under `key`; None when it is missing, null or blank."""
        value = self.obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(f'"{key}" is required')
            return None
        if not isinstance(value, str):
            raise self.fail(f'"{key}" must be a string')
        if "\x00" in value:
            raise self.fail(f'"{key}" contains a NUL character')
        return value

    def text(
        self, key: str, *, required: bool = False, limit: int = capture.MAX_TEXT
    ) -> str | None:
        """Free text (a note, a fact, a follow-up), checked as the commands check it."""
        value = self.raw(key, required=required)
        return None if value is None else self.checked(capture.clean_text, value, f'"{key}"', limit)

    def field(self, key: str) -> str | None:
        """A one-line field (company, phone, …)."""
        value = self.raw(key)
        return None if value is None else self.checked(capture.clean_field, value, f'"{key}"')

    def name(self, key: str) -> str:
        return self.checked(capture.clean_name, self.raw(key, required=True) or "", f'"{key}"')

    def integer(self, key: str) -> int | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            raise self.fail(f'"{key}" must be a positive whole number')
        return value

    def number(self, key: str) -> float | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f'"{key}" must be a positive number or null')
        if isinstance(value, int):  # an integer of any size: no float overflow
            value = float(min(value, MAX_AMOUNT + 1))
        return self.checked(check_amount, value, str(self.obj.get(key)))

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.obj.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(f'"{key}" must be true or false')
        return value

    def day(self, key: str, *, required: bool = False) -> date | None:
        """A date, only as YYYY-MM-DD (the form `export` writes), within custlog's years."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        try:
            return dates.parse_iso_date(value.strip())
        except BadInput:
            raise self.fail(
                f"{quoted(key)} must be an ISO date (YYYY-MM-DD) from {dates.MIN_YEAR} to "
                f"{dates.MAX_YEAR}, not {quoted(value)}"
            ) from None

    def moment(self, key: str) -> datetime | None:
        """A date and time as YYYY-MM-DDTHH:MM[:SS] (no time zone), or a date alone."""
        value = self.raw(key)
        if value is None:
            return None
        text = value.strip()
        try:
            if len(text) == 10:
                return datetime.combine(dates.parse_iso_date(text), datetime.min.time())
            return dates.parse_iso_datetime(text).replace(microsecond=0)
        except BadInput:
            raise self.fail(
                f"{quoted(key)} must be an ISO date-time (YYYY-MM-DDTHH:MM:SS, no time zone) "
                f"from {dates.MIN_YEAR} to {dates.MAX_YEAR}, not {quoted(value)}"
            ) from None

    def period(self, key: str) -> str | None:
        value = self.raw(key)
        return None if value is None else self.checked(dates.parse_period, value).canonical()

    def every(self) -> str | None:
        """A customer's stay-in-touch period, or "never" (`cadence.parse_every`)."""
        from custlog.domain.cadence import parse_every

        value = self.raw("every")
        return None if value is None else self.checked(parse_every, value)

    def choice(self, key: str, parse: Callable[[str | None], str]) -> str:
        """A channel or a kind, read as `note --via` and `remind --kind` read them."""
        return self.checked(parse, self.raw(key))

    def tags(self) -> list[str]:
        value = self.obj.get("tags")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise self.fail('"tags" must be a list of strings')
        return list(self.checked(capture.clean_tags, value))

    def aliases(self) -> list[str]:
        """A customer's other names (from `merge`), each checked as a full name."""
        value = self.obj.get("aliases")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            raise self.fail('"aliases" must be a list of names')
        found: dict[str, str] = {}
        for alias in value:
            clean = self.checked(capture.clean_name, alias, "an alias")
            found.setdefault(fold(clean), clean)
        return list(found.values())


MAX_LINE_BYTES = 1_000_000  # a 20,000-character note, escaped, is far less


def read_lines(handle: BinaryIO, shown: str) -> Iterator[str]:
    """The lines of a UTF-8 stream (a byte-order mark is allowed), one at a time, each read
    with a size cap: a line over MAX_LINE_BYTES is refused with its number before the rest
    of it is read, so memory stays bounded whatever the file holds."""
    for number in itertools.count(1):
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise BadInput(
                f"line {number}: longer than {MAX_LINE_BYTES:,} bytes; nothing was imported"
            )
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise BadInput(
                f"line {number}: {shown} is not UTF-8 text; nothing was imported"
            ) from None
        yield text


def _parse(lines: Iterable[str]) -> Iterator[_Line]:
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(
                f"line {number}: not valid JSON ({exc.msg}); nothing was imported"
            ) from None
        except RecursionError:
            raise BadInput(f"line {number}: nested too deeply; nothing was imported") from None
        if not isinstance(obj, dict):
            raise BadInput(f"line {number}: expected a JSON object; nothing was imported")
        yield _Line(number, obj)


BATCH = 5_000
_TABLE = {"note": "notes", "fact": "facts", "followup": "followups"}


class _IdSet:
    """The ids seen so far, as a bitmap while they are small (a set of 250,000 ints costs
    ~20 MiB; the bitmap ~30 KiB), falling back to a set for very large ids."""

    LIMIT = 1 << 26

    def __init__(self) -> None:
        self.bits = bytearray()
        self.others: set[int] = set()

    def add(self, value: int) -> bool:
        """Add `value`; False when it was there already."""
        if value >= self.LIMIT:
            if value in self.others:
                return False
            self.others.add(value)
            return True
        byte, bit = divmod(value, 8)
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
        if self.bits[byte] >> bit & 1:
            return False
        self.bits[byte] |= 1 << bit
        return True


class _Importer:
    """Streams a file into the log inside one transaction: memory stays flat at any size.

    Customers come before the records that name them (the format says so), so each record
    is matched to its customer as it arrives and written in batches; any bad line raises and
    the caller's transaction rolls everything back.
    """

    def __init__(self, store: Store, today: date) -> None:
        self.store = store
        self.today = today
        self.keep_ids = not store.customers.any()
        self.report = ImportReport()
        self.by_file_id: dict[int, int] = {}  # the file's customer id → the log's id
        self.by_name: dict[str, list[int]] = {}  # full name (case-folded) → the log's ids
        self.named: set[str] = set()  # names a record has used to find its customer
        self.seen: dict[str, set[tuple[Any, ...]]] = {kind: set() for kind in _TABLE}
        self.ids: dict[str, _IdSet] = {kind: _IdSet() for kind in _TABLE}
        self.batches: dict[str, list[tuple[Any, ...]]] = {"note": [], "followup": []}
        self.fact_ids: dict[int, int] = {}  # the file's fact id → the log's id
        self.replacements: list[tuple[_Line, int, int]] = []  # (line, old fact, file id of new)
        # (line, the customer, the file id or name of who sent them)
        self.referrals: list[tuple[_Line, int, int | None, str | None]] = []
        # (line, concern, the day it was addressed, file id of the note that says how)
        self.addressed: list[tuple[_Line, int, date, int | None]] = []
        self.aliases: list[tuple[_Line, str, int]] = []  # (line, alias, customer id) added
        # (customer id, due, text) of a follow-up line, and its offers
        self.offers: list[
            tuple[int, str, str, list[_OfferValues]]
        ] = []  # (line, old fact, file id of new)

    def take(self, line: _Line) -> None:
        kind = line.obj.get("type")
        if kind == "customer":
            self.customer(line)
        elif kind == "setting":
            self.setting(line)
        elif kind == "cadence":
            tags = line.checked(capture.clean_tags, [line.raw("tag", required=True) or ""])
            if len(tags) != 1:
                raise line.fail('"tag" must be one tag')
            self.store.cadence.set_tag_cadence(tags[0], line.period("every"))
        elif kind in _TABLE:
            self.record(line, kind)
        else:
            raise line.fail(f'unknown "type" {json.dumps(kind)}: use one of {", ".join(TYPES)}')

    def setting(self, line: _Line) -> None:
        from custlog.domain import settings

        try:
            key = settings.parse_key(line.text("key", required=True, limit=60) or "")
            value = settings.parse_value(key, line.text("value", limit=300) or "")
        except BadInput as exc:
            raise line.fail(str(exc)) from None
        self.store.settings.set(key, value)

    def customer(self, line: _Line) -> None:
        file_id = line.integer("id")
        name = line.name("name")
        new = NewCustomer(
            name=name,
            called=line.field("called"),
            company=line.field("company"),
            phone=line.field("phone"),
            email=line.field("email"),
            tags=tuple(line.tags()),
            every=line.every(),
            since=line.day("since") or self.today,
            quiet_until=line.day("quiet_until"),
        )
        aliases = line.aliases()
        if file_id is not None and file_id in self.by_file_id:
            raise line.fail(f"customer id {file_id} appears twice")
        folded = fold(name)
        if folded in self.named:
            raise line.fail(f"a second customer named {quoted(name)}, after records that name it")
        existing = [] if self.keep_ids else self.store.customers.named(name)
        if not existing and not self.keep_ids:  # merged away since: the name finds INTO
            owner = self.store.customers.alias_owner(name)
            found = self.store.customers.get(owner) if owner is not None else None
            existing = [found] if found is not None else []
        if len(existing) == 1:
            db_id = existing[0].id
            self.report.matched += 1
            for kind, table in _TABLE.items():
                self.seen[kind] |= self.store.bulk.existing_keys(table, [db_id])
        else:
            keep = file_id if self.keep_ids else None
            db_id = self.store.bulk.add_customer(new, id=keep)
            self.report.customers += 1
        for alias in aliases:
            owner = self.store.customers.alias_owner(alias)
            if owner is None:
                self.store.customers.add_alias(db_id, alias)
                self.aliases.append((line, alias, db_id))
            elif owner != db_id:
                raise line.fail(f"alias {quoted(alias)} is another customer's alias already")
        if file_id is not None:
            self.by_file_id[file_id] = db_id
        self.by_name.setdefault(folded, []).append(db_id)
        sent_by_id = line.integer("referred_by_id")
        sent_by = line.field("referred_by")
        if sent_by_id is not None or sent_by:
            self.referrals.append((line, db_id, sent_by_id, sent_by))

    def check_aliases(self) -> None:
        """An alias must not make a name ambiguous: no other customer may be called it."""
        for line, alias, customer_id in self.aliases:
            others = [c for c in self.store.customers.called_or_named(alias) if c.id != customer_id]
            if others:
                raise line.fail(f"alias {quoted(alias)} is the name of another customer")

    def owner(self, line: _Line) -> int:
        file_id = line.integer("customer_id")
        if file_id is not None:
            if file_id not in self.by_file_id:
                raise line.fail(f"customer_id {file_id} is not a customer line before this one")
            return self.by_file_id[file_id]
        name = (line.raw("customer", required=True) or "").strip()
        found = self.by_name.get(fold(name), [])
        if len(found) != 1:
            problem = "matches no customer line before it" if not found else "matches several"
            raise line.fail(f"customer {quoted(name)} {problem} in this file")
        self.named.add(fold(name))
        return found[0]

    def record(self, line: _Line, kind: str) -> None:
        file_id = line.integer("id")
        new = _RECORD[kind](line, self.today)
        addressed = _addressed(line, new.topic) if isinstance(new, NewFact) else None
        customer_id = self.owner(line)
        if file_id is not None and not self.ids[kind].add(file_id):
            raise line.fail(f"{kind} id {file_id} appears twice")
        keep = file_id if self.keep_ids else None
        if isinstance(new, NewNote):
            row = records.note_row(customer_id, new, keep)
        elif isinstance(new, NewFollowup):
            row = records.followup_row(customer_id, new, keep)
        else:
            row = records.fact_row(customer_id, new, keep)
        table = _TABLE[kind]
        if records.KEY_OF[table](row) in self.seen[kind]:
            self.report.skipped += 1  # already in the log: importing twice adds nothing twice
            return
        setattr(self.report, kind + "s", getattr(self.report, kind + "s") + 1)
        if isinstance(new, NewFact):
            new_id = self.store.bulk.add_fact(customer_id, new, id=keep)
            if file_id is not None:
                self.fact_ids[file_id] = new_id
            replaced_by = line.integer("superseded_by")
            if replaced_by is not None:
                self.replacements.append((line, new_id, replaced_by))
            if addressed is not None:
                self.addressed.append((line, new_id, *addressed))
            return
        if isinstance(new, NewFollowup):
            offers = _offers(line)
            if offers:
                self.offers.append((customer_id, new.due.isoformat(), new.text, offers))
        batch = self.batches[kind]
        batch.append(row)
        if len(batch) >= BATCH:
            self.flush(kind)

    def flush(self, kind: str) -> None:
        rows = self.batches[kind]
        if rows:
            if kind == "note":
                self.store.bulk.add_notes(rows)
            else:
                self.store.bulk.add_followups(rows)
            rows.clear()

    def flush_all(self) -> None:
        for kind in self.batches:
            self.flush(kind)

    def link_offers(self) -> None:
        """Each follow-up's offers, once the follow-ups are written (their ids known)."""
        for customer_id, due, text, offers in self.offers:
            followup_id = self.store.followups.find(customer_id, due, text)
            assert followup_id is not None
            for on, outcome, reason, amount in offers:
                self.store.offers.add(followup_id, on, outcome, reason, amount)

    def link_referrals(self) -> None:
        """Who sent each customer, by the file's id or full name (any order in the file: the
        one who sent them may come later). A customer already in the log keeps theirs."""
        for line, customer_id, file_id, name in self.referrals:
            if file_id is not None:
                if file_id not in self.by_file_id:
                    raise line.fail(f'"referred_by_id" {file_id} is not a customer in this file')
                sender = self.by_file_id[file_id]
            else:
                found = self.by_name.get((name or "").casefold(), [])
                if len(found) != 1:
                    problem = "matches no customer" if not found else "matches several"
                    raise line.fail(f'"referred_by" {quoted(name or "")} {problem} in this file')
                sender = found[0]
            if sender == customer_id:
                raise line.fail("a customer cannot be referred by themselves")
            self.store.customers.link_referral(customer_id, sender)

    def link_addressed(self) -> None:
        """Mark addressed concerns, pointing at the note that says how. Imported into an empty
        log the note keeps its id; into a log with records, it is the customer's last note of
        the day the concern was addressed."""
        for line, fact_id, day, note_id in self.addressed:
            self.store.facts.address(fact_id, day, None)
            if note_id is None:
                continue
            if not self.store.notes.link_addressed(fact_id, note_id if self.keep_ids else None):
                raise line.fail(
                    f'"addressed_note_id" {note_id} is not a note of this customer in this file'
                )

    def link_replacements(self) -> None:
        """Point replaced facts at their successors (after the search index is whole: an
        update fires the index's update trigger)."""
        for line, fact_id, newer in self.replacements:
            if newer not in self.fact_ids:
                raise line.fail(f'"superseded_by" {newer} is not a fact in this file')
            self.store.facts.supersede(fact_id, self.fact_ids[newer])


def import_lines(store: Store, lines: Iterable[str], today: date, shown: str) -> ImportReport:
    """Check and write every line in one transaction: all of the file, or none of it (one
    step for `undo`; `shown` names the file)."""
    with store.transaction(step=f"import {shown}"):
        importer = _Importer(store, today)
        with store.bulk.load():
            for line in _parse(lines):
                importer.take(line)
            importer.flush_all()
        importer.link_replacements()
        importer.link_offers()
        importer.link_referrals()
        importer.link_addressed()
        importer.check_aliases()
        store.customers.keep_since_before_notes()
        return importer.report


_OfferValues = tuple[date, str, str | None, float | None]


def _outcome(value: str | None) -> str:
    outcome = (value or "declined").strip().lower()
    if outcome not in OFFER_OUTCOMES:
        raise BadInput(f"an offer's outcome is one of {', '.join(OFFER_OUTCOMES)}")
    return outcome


def _offers(line: _Line) -> list[_OfferValues]:
    """A follow-up line's `offers`: [{"on", "outcome", "reason", "amount"}], oldest first."""
    raw = line.obj.get("offers")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise line.fail('"offers" must be a list of {"on", "outcome", "reason", "amount"}')
    found = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise line.fail(f'offer {number} must be an object with "on" and "outcome"')
        offer = _Line(line.lineno, item)
        on = offer.day("on", required=True)
        outcome = offer.choice("outcome", _outcome)
        reason = offer.text("reason", limit=300)
        amount = offer.number("amount")
        assert on is not None
        found.append((on, outcome, reason, amount))
    return found


def _note(line: _Line, today: date) -> NewNote:
    at = line.moment("at") or datetime.combine(today, time())
    line.checked(capture.check_note_date, at, today, records.moment(at))
    # An "at" that is a day alone (or none) gives no time of day: the note is untimed.
    day_alone = len((line.raw("at") or "").strip()) <= len("YYYY-MM-DD")
    return NewNote(
        at=at,
        via=line.choice("via", capture.parse_via),
        text=line.text("text", required=True) or "",
        work=line.flag("work"),
        amount=line.number("amount"),
        timed=line.flag("timed", default=not day_alone),
    )


def _addressed(line: _Line, topic: str) -> tuple[date, int | None] | None:
    """A concern's `addressed` day and `addressed_note_id` (linked once every note is in)."""
    day = line.day("addressed")
    note_id = line.integer("addressed_note_id")
    if (day is not None or note_id is not None) and topic != concerns.TOPIC:
        raise line.fail(f'only a concern can be "addressed" (this fact is about {topic})')
    if note_id is not None and day is None:
        raise line.fail('"addressed_note_id" needs "addressed" (the day)')
    return (day, note_id) if day is not None else None


def _fact(line: _Line, today: date) -> NewFact:
    topic = line.checked(capture.clean_topic, line.raw("topic") or "other")
    text = line.text("text", required=True, limit=capture.MAX_FACT) or ""
    if topic in YEARLY_TOPICS:
        text = line.checked(dates.parse_yearly, text).iso()
    superseded_by = line.integer("superseded_by")  # linked once every fact is in
    record_id = line.integer("id")
    if superseded_by is not None and superseded_by == record_id:
        raise line.fail(f'fact {record_id} cannot be "superseded_by" itself')
    return NewFact(
        topic=topic,
        text=text,
        learned=line.day("learned") or today,
        when=line.day("when"),
        private=line.flag("private"),
    )


def _followup(line: _Line, today: date) -> NewFollowup:
    every = line.period("every")
    new = NewFollowup(
        due=line.day("due", required=True) or today,
        # A follow-up needs only its date: "text (or due for a follow-up)".
        text=line.text("text", limit=capture.MAX_FACT) or "",
        kind=line.choice("kind", parse_kind),
        every=every,
        from_done=line.flag("from_done"),
        estimate=line.number("estimate"),
        done=line.day("done"),
        created=line.day("created"),
        anchor=line.day("anchor"),
        promised=line.day("promised"),
    )
    time_of_day = line.text("at", limit=40)
    if time_of_day is not None:
        try:
            appointment = parse_at(time_of_day)
        except BadInput as exc:
            raise line.fail(f'"at": {exc}') from None
        new = new._replace(at_start=appointment.start, at_end=appointment.end)
    if new.from_done and every is None:
        raise line.fail('"from_done" needs "every"')
    return new


_RECORD: dict[str, Callable[[_Line, date], NewNote | NewFact | NewFollowup]] = {
    "note": _note,
    "fact": _fact,
    "followup": _followup,
}
