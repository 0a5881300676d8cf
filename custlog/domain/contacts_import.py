"""Customers from the contacts people already keep: vCard files and contact CSV exports.

`import_contacts` maps each contact onto a customer and writes everything in one
transaction, or, with `dry_run`, only says what it would do:

- name, company and nickname (as the called name); the first phone and email fill the
  customer's phone and email, and every further one is kept as a `contact` fact
  ("phone: +1 555 0100", "email: ann@home.example");
- birthday and anniversary become `birthday`/`anniversary` facts (`1980-11-28`, or
  `--11-28` without a year), the note a `notes` fact (a note would look like a contact made
  today), and categories tags.

A contact that is already in the log only fills what the customer lacks: an empty field, a
missing tag, an unknown phone or email, a birthday, a note not yet recorded. So importing the
same file twice adds nothing the second time. It is the customer with the same email; else
the same full name (case ignored); else the same phone (its last ten digits; `555-0158`
matches `+1 555-0158`), unless both have emails and none is shared: colleagues share an
office line. Among customers that match equally (two that share a line), the one the contact
would change least: the one it filled the first time. Contacts repeated within one file are
merged the same way, and an email that is already another customer's stays theirs.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from custlog.domain import capture
from custlog.domain.context import Context
from custlog.errors import BadInput
from custlog.formats.contacts import Contact
from custlog.models import YEARLY_TOPICS, Customer, CustomerChanges, NewCustomer, NewFact
from custlog.parsing import dates

NOTE_TOPIC = "notes"
CONTACT_TOPIC = "contact"
_MIN_PHONE_DIGITS = 7


def phone_key(phone: str) -> str | None:
    """The digits that identify a phone number: the last ten, ignoring punctuation and the
    country prefix (`+1 (555) 010-2030` and `555.010.2030` are the same). None for a
    number too short to tell people apart."""
    digits = re.sub(r"\D", "", phone)
    return digits[-10:] if len(digits) >= _MIN_PHONE_DIGITS else None


def same_phone(key: str, other: str) -> bool:
    """Two phone keys are the same number when one ends with the other: a number written
    without its area code (`555-0158`) matches the full one (`+1 555-0158`)."""
    return key.endswith(other) or other.endswith(key)


def _email_key(email: str) -> str:
    return email.strip().casefold()


@dataclass
class _Plan:
    """What the import does to one customer: create it, or fill in what it lacks."""

    name: str
    customer: Customer | None  # None: a new customer
    origin: str  # the first contact's place in the file
    fields: CustomerChanges = field(default_factory=lambda: CustomerChanges())  # what to set
    tags: list[str] = field(default_factory=list)  # the tags after the import
    facts: list[tuple[str, str]] = field(default_factory=list)  # (topic, text) to add
    notes: list[str] = field(default_factory=list)  # note texts to add
    changes: list[str] = field(default_factory=list)  # what changed, for the report
    phone: str | None = None
    email: str | None = None
    called: str | None = None
    company: str | None = None
    phone_keys: set[str] = field(default_factory=set)
    phone_texts: set[str] = field(default_factory=set)
    email_keys: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    note_texts: set[str] = field(default_factory=set)
    contacts: int = 0  # how many contacts of the file landed here

    @property
    def new(self) -> bool:
        return self.customer is None

    def knows_phone(self, phone: str) -> bool:
        key = phone_key(phone)
        if key is None:
            return phone.strip() in self.phone_texts
        return any(same_phone(key, known) for known in self.phone_keys)

    def learn_phone(self, phone: str) -> None:
        key = phone_key(phone)
        if key:
            self.phone_keys.add(key)
        self.phone_texts.add(phone.strip())


@dataclass
class ContactsReport:
    """What an import did (or, in a dry run, would do)."""

    new: int = 0
    already: int = 0  # customers found in the log, nothing to add
    updated: int = 0  # customers found in the log that gained a field, tag, fact or note
    merged: int = 0  # contacts that repeated an earlier contact of the same file
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)  # one per new or updated customer

    def summary(self) -> str:
        text = f"{self.new} new, {self.already} already there, {self.updated} updated"
        if self.merged:
            text += f" ({self.merged} repeated in the file, merged)"
        return text


class _Index:
    """Customers by email, phone digits and folded name: the log's, then the file's new ones."""

    def __init__(self) -> None:
        self.by_email: dict[str, list[int]] = {}
        self.by_phone: dict[str, list[tuple[str, int]]] = {}  # by the last 7 digits
        self.by_name: dict[str, list[int]] = {}
        self.emails_of: dict[int, set[str]] = {}
        self.phones_of: dict[int, set[str]] = {}  # phone keys, and "text:" a short number
        self.order: dict[int, int] = {}  # customers in the order they were first added
        self.holds: dict[int, set[str]] = {}  # what else each customer has (see `_held`)

    def add(
        self,
        key: int,
        *,
        name: str,
        phones: list[str],
        emails: list[str],
        holds: Iterable[str] = (),
    ) -> None:
        self.order.setdefault(key, len(self.order))
        self.holds.setdefault(key, set()).update(holds)
        _append(self.by_name, name.casefold(), key)
        for email in emails:
            _append(self.by_email, _email_key(email), key)
            self.emails_of.setdefault(key, set()).add(_email_key(email))
        for phone in phones:
            digits = phone_key(phone)
            self.phones_of.setdefault(key, set()).add(digits or f"text:{phone.strip()}")
            if digits:
                entries = self.by_phone.setdefault(digits[-_MIN_PHONE_DIGITS:], [])
                if (digits, key) not in entries:
                    entries.append((digits, key))

    def email_elsewhere(self, email: str, key: int) -> bool:
        """Whether another customer than `key` already has this email."""
        return any(other != key for other in self.by_email.get(_email_key(email), []))

    def known(self, key: int, contact: Contact, holds: set[str]) -> int:
        """How many of the contact's values the customer already has: its phones and
        emails, and `holds` (tags, company, called name, dates, note)."""
        phones = self.phones_of.get(key, set())
        emails = self.emails_of.get(key, set())
        found = len(holds & self.holds.get(key, set()))
        found += sum(_email_key(email) in emails for email in contact.emails)
        for phone in contact.phones:
            digits = phone_key(phone)
            if digits is None:
                found += f"text:{phone.strip()}" in phones
            else:
                found += any(same_phone(digits, p) for p in phones)
        return found

    def candidates(self, contact: Contact, name: str, holds: set[str]) -> list[int]:
        """The customers the contact may be, best first: an email match wins, then the name,
        then a phone; among equals, the one that already has the most of the contact's
        values (its phones and emails, and `holds`), then the customer added first. A phone
        alone does not match a customer whose emails all differ from the contact's:
        colleagues share an office line. Empty: a new customer."""
        emails = {_email_key(email) for email in contact.emails}
        score: dict[int, list[int]] = {}
        for email in contact.emails:
            for key in self.by_email.get(_email_key(email), []):
                score.setdefault(key, [0, 0, 0])[0] = 1
        for key in self.by_name.get(name.casefold(), []):
            score.setdefault(key, [0, 0, 0])[1] = 1
        for phone in contact.phones:
            digits = phone_key(phone)
            if digits is None:
                continue
            for known, key in self.by_phone.get(digits[-_MIN_PHONE_DIGITS:], []):
                known_emails = self.emails_of.get(key, set())
                if same_phone(digits, known) and not (
                    emails and known_emails and emails.isdisjoint(known_emails)
                ):
                    score.setdefault(key, [0, 0, 0])[2] = 1
        if not score:
            return []
        best = max(score.values())
        return sorted(
            (key for key in score if score[key] == best),
            key=lambda key: (-self.known(key, contact, holds), self.order[key]),
        )


def _append(index: dict[str, list[int]], text: str, key: int) -> None:
    keys = index.setdefault(text, [])
    if key not in keys:
        keys.append(key)


def _fail(contact: Contact, message: str) -> BadInput:
    return BadInput(f"{contact.origin}: {message}; nothing was imported")


def _checked(contact: Contact, check: Callable[..., str | None], *args: Any) -> str | None:
    """A value through the commands' own check; a refusal names the contact."""
    try:
        return check(*args)
    except BadInput as exc:
        raise _fail(contact, exc.message.removesuffix(": nothing was written")) from None


def _clean_line(contact: Contact, value: str | None, what: str) -> str | None:
    """A one-line field: control characters and line breaks become spaces, then the checks
    `custlog add` makes (length, …)."""
    if value is None:
        return None
    text = " ".join(capture.blank_controls(value).split())
    return _checked(contact, capture.clean_field, text, what) or None


def _clean_name(contact: Contact) -> str:
    text = " ".join(capture.blank_controls(contact.name).split())
    if not text:
        raise _fail(contact, "the contact has no name")
    name = _checked(contact, capture.clean_name, text, "the name")
    assert name is not None
    return name


def _clean_note(contact: Contact) -> str | None:
    if contact.note is None:
        return None
    text = capture.blank_controls(contact.note.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None
    return _checked(contact, capture.clean_text, text, "the note", capture.MAX_TEXT)


def _yearly(contact: Contact, topic: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dates.parse_yearly(value).iso()
    except BadInput as exc:
        raise _fail(contact, f"the {topic}: {exc.message}") from None


@dataclass(frozen=True)
class _Clean:
    """A contact's values, checked and cleaned."""

    name: str
    called: str | None
    company: str | None
    phones: list[str]
    emails: list[str]
    tags: list[str]
    yearly: list[tuple[str, str]]
    note: str | None


def _clean(contact: Contact) -> _Clean:
    name = _clean_name(contact)
    phones = [p for p in (_clean_line(contact, p, "a phone number") for p in contact.phones) if p]
    emails = [e for e in (_clean_line(contact, e, "an email address") for e in contact.emails) if e]
    tags = [t for t in (_clean_line(contact, t, "a category") for t in contact.categories) if t]
    try:
        clean_tags = list(capture.clean_tags(tags))
    except BadInput as exc:
        raise _fail(contact, exc.message) from None
    yearly = [
        (topic, text)
        for topic, value in (("birthday", contact.birthday), ("anniversary", contact.anniversary))
        if (text := _yearly(contact, topic, value))
    ]
    return _Clean(
        name=name,
        called=_clean_line(contact, contact.called, "the nickname"),
        company=_clean_line(contact, contact.company, "the company"),
        phones=phones,
        emails=emails,
        tags=clean_tags,
        yearly=yearly,
        note=_clean_note(contact),
    )


def _existing_plan(ctx: Context, customer: Customer, origin: str) -> _Plan:
    plan = _Plan(
        name=customer.name,
        customer=customer,
        origin=origin,
        tags=list(customer.tags),
        phone=customer.phone,
        email=customer.email,
        called=customer.called,
        company=customer.company,
    )
    if customer.phone:
        plan.learn_phone(customer.phone)
    if customer.email:
        plan.email_keys.add(_email_key(customer.email))
    for fact in ctx.store.facts.of_customer(customer.id):
        plan.topics.add(fact.topic)
        if fact.topic == CONTACT_TOPIC:
            kind, _, value = fact.text.partition(": ")
            if kind == "phone":
                plan.learn_phone(value)
            elif kind == "email":
                plan.email_keys.add(_email_key(value))
    plan.note_texts = {
        f.text for f in ctx.store.facts.of_customer(customer.id) if f.topic == NOTE_TOPIC
    }
    return plan


def _merge(plan: _Plan, contact: _Clean, index: _Index, key: int) -> None:
    """Give the plan's customer (`key` in the index) what the contact has and it lacks; an
    email that is another customer's is left with them."""
    if plan.called is None and contact.called:
        plan.called = plan.fields["called"] = contact.called
        plan.changes.append(f"called {contact.called}")
    if plan.company is None and contact.company:
        plan.company = plan.fields["company"] = contact.company
        plan.changes.append(f"company {contact.company}")
    for phone in contact.phones:
        if plan.knows_phone(phone):
            continue
        plan.learn_phone(phone)
        if plan.phone is None:
            plan.phone = plan.fields["phone"] = phone
            plan.changes.append(f"phone {phone}")
        else:  # the customer keeps their phone: this one is kept beside it
            plan.facts.append((CONTACT_TOPIC, f"phone: {phone}"))
            plan.changes.append(f"another phone {phone} (as a {CONTACT_TOPIC} fact)")
    for email in contact.emails:
        if _email_key(email) in plan.email_keys or index.email_elsewhere(email, key):
            continue
        plan.email_keys.add(_email_key(email))
        if plan.email is None:
            plan.email = plan.fields["email"] = email
            plan.changes.append(f"email {email}")
        else:
            plan.facts.append((CONTACT_TOPIC, f"email: {email}"))
            plan.changes.append(f"another email {email} (as a {CONTACT_TOPIC} fact)")
    added_tags = [tag for tag in contact.tags if tag not in plan.tags]
    if added_tags:
        plan.tags += added_tags
        plan.fields["tags"] = tuple(plan.tags)
        plan.changes += [f"tag {tag}" for tag in added_tags]
    for topic, text in contact.yearly:
        if topic not in plan.topics:
            plan.topics.add(topic)
            plan.facts.append((topic, text))
            plan.changes.append(f"{topic} {text}")
    if contact.note and contact.note not in plan.note_texts:
        plan.note_texts.add(contact.note)
        plan.notes.append(contact.note)
        plan.changes.append(f"the contact's note (as a {NOTE_TOPIC} fact)")


def _gains(plan: _Plan, contact: _Clean, index: _Index, key: int) -> int:
    """How many things the contact would add to the plan's customer."""
    trial = copy.deepcopy(plan)
    _merge(trial, contact, index, key)
    return len(trial.changes) - len(plan.changes)


def _held(tags: Iterable[str], company: str | None, called: str | None) -> list[str]:
    """A customer's values that a contact may carry too, as comparable tokens."""
    found = [f"tag:{tag}" for tag in tags]
    if company:
        found.append(f"company:{company.casefold()}")
    if called:
        found.append(f"called:{called.casefold()}")
    return found


def plan_import(ctx: Context, contacts: list[Contact]) -> list[_Plan]:
    """Match every contact and decide what to write; reads the log, writes nothing."""
    customers = ctx.store.customers.all()
    by_id = {c.id: c for c in customers}
    index = _Index()
    extra: dict[int, tuple[list[str], list[str]]] = {}
    for fact in ctx.store.facts.current_of_topics([CONTACT_TOPIC]):
        kind, _, value = fact.text.partition(": ")
        phones, emails = extra.setdefault(fact.customer_id, ([], []))
        if kind == "phone":
            phones.append(value)
        elif kind == "email":
            emails.append(value)
    held: dict[int, list[str]] = {}
    for fact in ctx.store.facts.current_of_topics([*YEARLY_TOPICS, NOTE_TOPIC]):
        held.setdefault(fact.customer_id, []).append(f"{fact.topic}:{fact.text}")
    for c in customers:
        phones, emails = extra.get(c.id, ([], []))
        index.add(
            c.id,
            name=c.name,
            phones=[c.phone, *phones] if c.phone else phones,
            emails=[c.email, *emails] if c.email else emails,
            holds=[*_held(c.tags, c.company, c.called), *held.get(c.id, [])],
        )
    plans: dict[int, _Plan] = {}  # by customer id; the file's new customers get ids below 0
    untouched: dict[int, _Plan] = {}  # customers of the log a contact may be, not chosen yet

    def plan_of(key: int, contact: Contact) -> _Plan:
        """The plan of a customer the contact may be (one of the log's: made once)."""
        if key not in plans and key not in untouched:
            untouched[key] = _existing_plan(ctx, by_id[key], contact.origin)
        return plans.get(key) or untouched[key]

    for contact in contacts:
        clean = _clean(contact)
        values = set(_held(clean.tags, clean.company, clean.called))
        values |= {f"{topic}:{text}" for topic, text in clean.yearly}
        if clean.note:
            values.add(f"{NOTE_TOPIC}:{clean.note}")
        found = index.candidates(contact, clean.name, values)
        if not found:
            key = -1 - len(plans)
            plans[key] = _Plan(name=clean.name, customer=None, origin=contact.origin)
        else:
            # Among equals, the customer the contact changes least: the one it filled when
            # the same file was imported before (so a second import changes nothing).
            key = found[0]
            if len(found) > 1:
                key = min(found, key=lambda k: _gains(plan_of(k, contact), clean, index, k))
            plans[key] = plan_of(key, contact)
            untouched.pop(key, None)
        plan = plans[key]
        plan.contacts += 1
        _merge(plan, clean, index, key)
        kept = [email for email in clean.emails if _email_key(email) in plan.email_keys]
        facts = [f"{topic}:{text}" for topic, text in plan.facts] + [
            f"{NOTE_TOPIC}:{text}" for text in plan.notes
        ]
        index.add(
            key,
            name=clean.name,
            phones=clean.phones,
            emails=kept,
            holds=[*_held(plan.tags, plan.company, plan.called), *facts],
        )
    return list(plans.values())


def _describe(plan: _Plan) -> str:
    if plan.new:
        company = f" ({plan.company})" if plan.company and plan.company != plan.name else ""
        return f"new      {plan.name}{company}"
    assert plan.customer is not None
    return f"update   {plan.name} (#{plan.customer.id}): " + ", ".join(plan.changes)


def _write(ctx: Context, plans: list[_Plan], source: str) -> None:
    store = ctx.store
    with store.transaction(step=f"import {source}"):
        for plan in plans:
            if plan.customer is None:
                new = NewCustomer(name=plan.name, since=ctx.today)._replace(**plan.fields)
                customer_id = store.customers.add(new).id
            else:
                customer_id = plan.customer.id
                if plan.fields:
                    store.customers.update(customer_id, plan.fields)
            for topic, text in plan.facts:
                store.facts.add(customer_id, NewFact(topic, text, ctx.today))
            # A contact's note is what we knew, not a contact made today: it is kept as a
            # fact, so that importing contacts does not make everyone look freshly called.
            for text in plan.notes:
                store.facts.add(customer_id, NewFact(NOTE_TOPIC, text, ctx.today))


def check(contacts: list[Contact], *, source: str = "contacts") -> None:
    """Refuse the file if any contact cannot be imported, before the log is even opened."""
    try:
        for contact in contacts:
            _clean(contact)
    except BadInput as exc:
        raise BadInput(f"{source}: {exc.message}") from None


def import_contacts(
    ctx: Context, contacts: list[Contact], *, dry_run: bool, source: str = "contacts"
) -> ContactsReport:
    """Import the contacts, all or nothing; with `dry_run`, only report what would happen.
    `source` (the file's name) starts every error message."""
    try:
        plans = plan_import(ctx, contacts)
    except BadInput as exc:
        raise BadInput(f"{source}: {exc.message}") from None
    report = ContactsReport(dry_run=dry_run)
    for plan in plans:
        report.merged += plan.contacts - 1
        if plan.new:
            report.new += 1
        elif plan.changes:
            report.updated += 1
        else:
            report.already += 1
            continue
        report.lines.append(_describe(plan))
    if not dry_run:
        _write(ctx, plans, source)
    return report
