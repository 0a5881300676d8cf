"""Generate realistic custlog logs as JSON Lines (the `custlog import` format), deterministically.

    python benchmarks/generate.py large -o /tmp/large.jsonl [--seed 2026]

The log is a car-repair shop's ten years of history, written in the order `custlog export`
writes it (customers, then notes, facts and follow-ups by customer), with the ids an export
carries. The same size and seed always give the same file, byte for byte.

What the everyday screens show is kept about the same at every size, so that comparing the
large log with the small one measures the cost of the log, not the length of the screen:

- "Ann Lee" (#1, the customer the benchmark briefs) has the same 600 notes, 30 facts and 40
  follow-ups (16 open) at every size;
- 40 open follow-ups fall in `due`'s window (overdue up to 45 days, or due in the next 7 days),
  15 customers are past their stay-in-touch period, 6 birthdays or anniversaries fall in the
  next week and 8 events happened in the last month ("ask how it went");
- 25 customers carry the `vip` tag, and "Airstream" appears in 45 records (40 notes of a dozen
  customers, 5 follow-ups).

Everything else grows with the size: customers, their history, the other tags (`fleet`,
`commercial`, `family`), the 60% of follow-ups that are done, future callbacks and postponed
work, older events, and common words such as "radiator" (about 1% of notes).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from string import Formatter
from typing import Any, TypeVar

T_ = TypeVar("T_")
TODAY = date(2026, 11, 24)  # the benchmark pins CUSTLOG_TODAY to this day
START = date(2016, 11, 24)  # ten years of history
T = TODAY.toordinal()
S = START.toordinal()

TARGET = "Ann Lee"  # briefed, logged and written to by the benchmark
TARGET_NOTES = 600
TARGET_FACTS = 30
TARGET_FOLLOWUPS = 40
TARGET_OPEN = 16
RARE_TAG = "vip"
RARE_TAG_CUSTOMERS = 25
RARE_WORD = "Airstream"  # a specific search: 45 records at every size
RARE_WORD_NOTES = 40
COMMON_WORD = "radiator"  # a common search: about 1% of notes, grows with the log
WINDOW_FOLLOWUPS = 40  # open follow-ups that `due` lists (overdue or in the next 7 days)
WINDOW_OVERDUE_DAYS = 45
WINDOW_DAYS = 7
COLD_CUSTOMERS = 15  # past their stay-in-touch period
WINDOW_DATES = 6  # birthdays and anniversaries in the next week
RECENT_EVENTS = 8  # events of the last 30 days, to ask about
DONE_FRACTION = 0.6


@dataclass(frozen=True)
class Size:
    name: str
    customers: int
    notes: int
    facts: int
    followups: int
    # "tidy": `due` shows about the same few rows at every size. "neglected": a book that
    # has fallen behind, where most follow-ups in the window are overdue and most customers
    # are past their stay-in-touch period (the screens must stay one screen and instant).
    profile: str = "tidy"

    @property
    def lines(self) -> int:
        return self.customers + self.notes + self.facts + self.followups


SIZES: dict[str, Size] = {
    "small": Size("small", 200, 5_000, 400, 1_000),
    "medium": Size("medium", 2_000, 50_000, 4_000, 10_000),
    "large": Size("large", 10_000, 250_000, 20_000, 50_000),
    "neglected": Size("neglected", 10_000, 250_000, 20_000, 50_000, "neglected"),
}
# The neglected book: open follow-ups overdue (up to a year), due today and in the next week,
# and the share of customers with a stay-in-touch period, most of them past it.
NEGLECTED_OVERDUE = 2_900
NEGLECTED_TODAY = 50
NEGLECTED_SOON = 330
NEGLECTED_WITH_PERIOD = 0.8
NEGLECTED_COLD = 0.75


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# -- phrase banks ------------------------------------------------------------------------------

FIRST = _words(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew "
    "Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy "
    "Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob "
    "Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela "
    "Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine "
    "Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria "
    "Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia "
    "Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah "
    "Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald "
    "Martha Harold Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances "
    "Dylan Kathryn Priya Hector Rosa Marcus Francesco Wei Aisha Tomasz Mateo Yuki Oluwaseun"
)
LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen "
    "Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez "
    "Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy "
    "Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox "
    "Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price "
    "Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Kowalski Okafor Becker "
    "DeLuca Shah Park Bell Novak Schmidt Murray Sullivan"
)
NICK = {
    "William": "Bill", "Robert": "Bob", "Richard": "Rick", "Michael": "Mike", "David": "Dave",
    "Joseph": "Joe", "Thomas": "Tom", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt",
    "Anthony": "Tony", "Donald": "Don", "Steven": "Steve", "Andrew": "Andy", "Kenneth": "Ken",
    "Timothy": "Tim", "Edward": "Ed", "Jeffrey": "Jeff", "Nicholas": "Nick", "Jonathan": "Jon",
    "Benjamin": "Ben", "Samuel": "Sam", "Alexander": "Alex", "Francesco": "Frank",
    "Elizabeth": "Beth", "Patricia": "Pat", "Jennifer": "Jen", "Margaret": "Peggy",
    "Kimberly": "Kim", "Deborah": "Deb", "Katherine": "Kate", "Christine": "Chris",
    "Victoria": "Vicky", "Samantha": "Sam", "Jacqueline": "Jackie", "Rebecca": "Becky",
}  # fmt: skip
BUSINESS = (
    "Bakery", "Plumbing & Heating", "Realty", "Landscaping", "Courier", "Roofing", "Pizzeria",
    "Electric", "Painting", "Flooring", "Catering", "Florist", "Dental", "Construction",
    "Pool Service", "HVAC", "Moving", "Cleaning Co.", "Auto Glass", "Coffee Roasters",
)  # fmt: skip
CARS = (
    "Transit Connect", "F-150", "F-250", "Silverado", "Sierra", "Ram 1500", "ProMaster",
    "Sprinter", "Odyssey", "Sienna", "Pilot", "CR-V", "Civic", "Accord", "Camry", "Corolla",
    "RAV4", "Highlander", "Tacoma", "Outback", "Forester", "Escape", "Explorer", "Equinox",
    "Tahoe", "Wrangler", "Grand Cherokee", "Altima", "Rogue", "Elantra", "Tucson", "Sorento",
    "Mazda3", "CX-5", "Jetta", "Passat", "Model 3", "Prius", "Leaf", "Mustang",
)  # fmt: skip
COLORS = ("white", "silver", "black", "dark blue", "red", "grey", "green", "tan")
DAUGHTERS = _words(
    "Emma Olivia Ava Sofia Lucia Mia Chloe Zoe Lily Nora Hannah Maya Grace Ella Ruby"
)
SONS = _words("Liam Noah Mateo Jake Kevin Ethan Lucas Owen Caleb Eli Leo Ben Sam Max Theo")
WIVES = _words("Karen Carla Maria Jen Linda Susan Priya Grace Helen Nicole Amy Rachel")
HUSBANDS = _words("Mike Dave Tom Steve Raj Carlos Paul Greg Kevin Brian Scott Mark")
SPORTS = ("travel soccer", "little league", "hockey", "swim team", "gymnastics", "lacrosse")
SCHOOLS = ("the trade school", "State", "community college", "Lincoln High", "the Navy")
PLACES = (
    "Florida", "Niagara Falls", "Albany", "the lake house", "Myrtle Beach", "Colorado",
    "her sister's in Ohio", "his parents' in Texas", "Cape Cod", "the Outer Banks", "Maine",
)  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
SERVICES = (
    "Oil change", "Oil change and tire rotation", "Front brake pads and rotors",
    "Rear brake pads", "Timing belt and water pump", "New battery", "Four-wheel alignment",
    "Coolant flush", "Transmission service", "State inspection", "Wiper blades and cabin filter",
    "Spark plugs and coils", "AC recharge", "Serpentine belt", "Front struts", "Wheel bearing",
    "Check engine light diagnosis (P0420)", "Two new tires", "Four new tires", "Exhaust repair",
    "Fuel pump", "Starter motor", "Alternator", "Power steering flush", "Headlight restoration",
    "Pre-trip inspection", "Winterizing and plow prep", "Brake fluid flush", "Sway bar links",
    "Differential service", "Tire patch", "Door lock actuator", "Thermostat", "Windshield chip",
)  # fmt: skip
FINDINGS = (
    "Rear pads at {mm}mm — good for a few more months.",
    "Noticed a slow oil leak at the valve cover; will watch it.",
    "Tires worn on the inside edge; recommended an alignment.",
    "Battery tested weak ({pct}% health); should last the winter.",
    "Front struts leaking; quoted ${amount}, she'll think about it.",
    "Front struts leaking; quoted ${amount}, he'll think about it.",
    "Everything else looks good.",
    "Nothing else needed right now.",
    "Serpentine belt cracking; replace at the next service.",
    "CV boot torn on the passenger side.",
    "Coolant a little low; topped off, no leak found.",
    "Brake fluid dark; recommended a flush.",
    "Cabin filter full of leaves — replaced, no charge.",
    "Wipers streaking; swapped them while it was here.",
    "Check engine light was a loose gas cap.",
    "Tire pressure sensor dead on the left rear.",
    "Exhaust hanger rusted through; zip-tied it for now.",
    "Cracked plow mount — welded it.",
    "Rotors warped; machined them.",
    "Rear shocks worn; quoted ${amount}, waiting until after the holidays.",
)
PERSONAL = (
    "{h} mentioned {kid} starts {school} in {month}.",
    "{kid} made the {sport} team — {h} is thrilled.",
    "Talked about the trip to {place}.",
    "{h} is back from {place}; says it rained the whole week.",
    "Brought coffee and donuts for the guys.",
    "{h} asked about our holiday hours.",
    "{h} is getting a second quote from {competitor}.",
    "Showed {h} the old parts.",
    "{h}'s mother is doing better after the surgery.",
    "Gave {h} a ride back to the office.",
    "{h} wants everything on one invoice.",
    "{h} paid by card; receipt emailed.",
)
COMPETITORS = ("QuickLube", "Lakeside Ford", "Midas", "the dealer", "Jiffy Lube", "Pep Boys")
CALLS = (
    ("about the invoice", "All sorted."),
    ("about a noise from the front end", "Booked {h} in for {weekday} morning."),
    ("to ask if the {job} can wait", "Said yes, but not past {month}."),
    ("about a warning light", "Probably the sensor; told {h} it's safe to drive."),
    ("to book the {service}", "Booked for {weekday}."),
    ("for a price on the {job}", "Quoted ${amount}; {h} will call back."),
    ("about the fleet schedule", "Wants all the vans done before {month}."),
    ("about the loaner", "Lined one up for {weekday}."),
)
TEXTS = (
    "Texted {h} that the {car} is ready.",
    "Texted {h} a photo of the worn {part}.",
    "{h} texted asking if we can do {weekday} at 5:30. Fine.",
    "{h} texted that the rattle is gone.",
    "Texted {h} the parts are in; booked for {weekday}.",
    "{h} texted a thank-you for squeezing the {car} in.",
)
EMAILS = (
    "Emailed {h} the inspection sheet with photos, marked what can wait.",
    "Emailed {h} the written estimate for the {job}.",
    "Emailed {h} the quarterly fleet summary.",
    "Emailed {h} the warranty paperwork for the {part}.",
    "{h} emailed asking for last year's invoices; sent them.",
)
OTHERS = (
    "Dropped off the shop's calendar at {h}'s office.",
    "Sent a card for the new baby.",
    "Saw {h} at the hardware store; the {car} is running great.",
    "Sent a thank-you note for the referral.",
)
PARTS = ("brake pads", "rotors", "struts", "serpentine belt", "battery", "tires", "CV boot",
         "radiator hose", "wiper blades", "water pump")  # fmt: skip
JOBS = (
    "rear brake pads", "front struts", "timing belt", "transmission service", "new tires",
    "catalytic converter", "rear shocks", "wheel bearing", "AC compressor", "exhaust system",
    "power steering pump", "valve cover gasket", "CV axle", "brake lines", "head gasket",
)  # fmt: skip
RADIATOR_NOTES = (
    "Radiator replaced on the {car}; pressure-tested, no leaks.",
    "Radiator hose soft on the {car}; replace at the next service.",
    "Coolant smell — radiator cap was bad. Replaced it.",
)
AIRSTREAM_BITS = (
    "Checked the hitch wiring for the Airstream.",
    "{h} wants the {car} ready to tow the Airstream in the spring.",
    "Talked about the Airstream trip to {place}.",
    "Adjusted the brake controller for the Airstream.",
)
FACT_TEXTS: dict[str, tuple[str, ...]] = {
    "family": (
        "{Child} {kid} ({age}) plays {sport}",
        "{Child} {kid} starts {school} in {month}",
        "Twins {kid} and {kid2}, born in {month}",
        "{Partner} {spouse} does the books — invoices go to the office",
        "{Partner} {spouse} drives the {car} to work",
    ),
    "work": (
        "Runs {company}",
        "ER nurse at St. Mary's — call after 2pm",
        "Teaches at Lincoln Elementary",
        "Works nights at the distribution center",
        "Retired; volunteers at the food bank on Tuesdays",
    ),
    "vacation": (
        "Trip to {place} every {month}",
        "Taking the family to {place} in {month}",
        "Spends winters in {place}",
    ),
    "hobbies": (
        "Restores a 1967 Mustang fastback",
        "Coaches {sport}",
        "Fly fishing; goes out every Saturday in season",
        "Plays in a bluegrass band",
        "Bakes for the church sale",
    ),
    "health": (
        "Bad knee — park the car close to the door",
        "Training for the city half marathon",
        "Mother has hip surgery in {month}",
    ),
    "preferences": (
        "Prefers texts to calls",
        "One invoice a month, emailed to the office",
        "Wants a call before any work over $200",
        "Likes the early slot, 7:30",
        "Doesn't like being upsold — explain what can wait",
    ),
    "concerns": (
        "Worried about the {car}'s cost of ownership",
        "Nervous about the check engine light",
        "Wants to keep the {car} two more years",
    ),
    "competitor": (
        "Got a quote from {competitor} for the {job}",
        "{competitor} offered a fleet contract",
    ),
    "vehicle": (
        "{year} {car}, {color}",
        "{year} {car}, {color} — the one they drive to work",
        "{year} {car}, {color}, {miles:,} miles when we first saw it",
        "Second car: a {year2} {car2}",
        "Kid's car: a {year2} Corolla with {miles:,} miles",
    ),
}
FACT_TOPICS = tuple(FACT_TEXTS)
FACT_WEIGHTS = (20, 12, 10, 8, 6, 12, 8, 6, 18)
EVENT_TEXTS = (
    "Flying to {place} — leaving {month} {day}",
    "Mother's hip surgery on {month} {day}",
    "{kid}'s graduation on {month} {day}",
    "{kid}'s {sport} tournament on {month} {day}",
    "Moving to a new house on {month} {day}",
)
FOLLOWUP_TEXTS: dict[str, tuple[str, ...]] = {
    "callback": (
        "Call {h} to book the {service} on the {car}",
        "Remind {h}: the {car}'s inspection sticker expires soon",
        "Check in with {h} about the {car}",
        "Fleet oil changes — call {h} to set a day",
    ),
    "promise": (
        "Send {h} the written estimate for the {job}",
        "Text {h} photos of the {part}",
        "Find a used {part} for the {car}",
        "Line up a loaner for {h}",
        "Call {h} with the diagnosis before doing any work",
    ),
    "deferred": ("{Job} on the {car}", "{Job} — {h} will revisit in {month}"),
    "ask": ("Ask how {kid}'s {sport} season went", "Ask {h} about the trip to {place}"),
    "waiting": ("Waiting on {h} to approve the {job} quote",),
}
KIND_WEIGHTS = {"callback": 40, "promise": 15, "deferred": 25, "ask": 15, "waiting": 5}
VIA_WEIGHTS = {"visit": 45, "call": 25, "text": 15, "email": 12, "other": 3}
EVERY_CHOICES = ("2w", "30d", "30d", "3m", "3m", "6m", "1y")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _one(options: Sequence[str]) -> Callable[[random.Random, Person], str]:
    return lambda rng, _p: options[int(rng.random() * len(options))]


def _between(low: int, high: int, step: int = 1) -> Callable[[random.Random, Person], int]:
    return lambda rng, _p: low + step * int(rng.random() * ((high - low) // step + 1))


# What each template slot ({h}, {car}, {month}, …) is filled with.
_DRAWS: dict[str, Callable[[random.Random, Person], Any]] = {
    "h": lambda _rng, p: p.handle,
    "car": lambda _rng, p: p.car,
    "kid": lambda _rng, p: p.kid,
    "Child": lambda _rng, p: p.child,
    "spouse": lambda _rng, p: p.spouse,
    "Partner": lambda _rng, p: p.partner,
    "year": lambda _rng, p: p.year,
    "color": lambda _rng, p: p.color,
    "company": lambda _rng, p: p.company or "the family business",
    "kid2": _one(DAUGHTERS + SONS),
    "car2": _one(CARS),
    "year2": _between(2005, 2026),
    "month": _one(MONTHS),
    "weekday": _one(WEEKDAYS),
    "place": _one(PLACES),
    "sport": _one(SPORTS),
    "school": _one(SCHOOLS),
    "competitor": _one(COMPETITORS),
    "service": _one(tuple(s.lower() for s in SERVICES)),
    "job": _one(JOBS),
    "Job": _one(tuple(j.capitalize() for j in JOBS)),
    "part": _one(PARTS),
    "amount": lambda rng, p: f"{_between(120, 2400, 10)(rng, p):,}",
    "mm": _between(2, 6),
    "pct": _between(35, 70),
    "age": _between(5, 17),
    "miles": _between(20_000, 180_000, 100),
    "day": _between(1, 28),
}
_NEEDS: dict[str, tuple[str, ...]] = {}


@dataclass
class Person:
    id: int
    name: str
    handle: str
    company: str | None
    car: str
    kid: str
    child: str  # "Daughter" or "Son"
    spouse: str
    partner: str  # "Wife" or "Husband"
    year: int
    color: str
    since: int  # ordinal
    every: str | None = None
    tags: list[str] = field(default_factory=list)


def period_days(every: str) -> int:
    number, unit = int(every[:-1]), every[-1]
    return number * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]


class Generator:
    """Builds one log. All randomness comes from one seeded `random.Random`."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(f"{seed}:{size.name}")
        self.people: list[Person] = []

    # -- small helpers -------------------------------------------------------------------------

    def pick(self, options: Sequence[T_]) -> T_:
        return options[int(self.rng.random() * len(options))]

    def fill(self, template: str, p: Person) -> str:
        """Fill a template's slots; only the slots it names are drawn."""
        needs = _NEEDS.get(template)
        if needs is None:
            needs = _NEEDS[template] = tuple(
                name for _text, name, _spec, _conv in Formatter().parse(template) if name
            )
        if not needs:
            return template
        rng = self.rng
        return template.format(**{key: _DRAWS[key](rng, p) for key in needs})

    def weights(self, n: int, cap: float) -> list[float]:
        """Heavy-tailed activity: a few customers get many records, most get a few."""
        return [min(self.rng.paretovariate(1.3), cap) for _ in range(n)]

    def spread(self, total: int, weights: list[float], at_least: int = 0) -> list[int]:
        """Split `total` records over customers in proportion to their weights."""
        counts = [at_least] * len(weights)
        rest = total - at_least * len(weights)
        if rest > 0:
            for index in self.rng.choices(range(len(weights)), weights=weights, k=rest):
                counts[index] += 1
        return counts

    # -- customers -------------------------------------------------------------------------------

    def customers(self) -> list[dict[str, Any]]:
        rng, n = self.rng, self.size.customers
        combos = len(FIRST) * len(LAST)
        if n > combos:
            raise SystemExit(f"at most {combos} customers")
        target_combo = FIRST.index("Ann") * len(LAST) + LAST.index("Lee")
        picked = [c for c in rng.sample(range(combos), n) if c != target_combo][: n - 1]
        names = [("Ann", "Lee")] + [(FIRST[c // len(LAST)], LAST[c % len(LAST)]) for c in picked]
        lines = []
        for index, (first, last) in enumerate(names, start=1):
            company = None
            if index == 1:
                company = "Lee Bakery"
            elif rng.random() < 0.35:
                company = f"{last} {self.pick(BUSINESS)}"
            called: str | None = None
            roll = rng.random()
            if index == 1:
                called = "Annie"
            elif roll < 0.3:
                called = NICK.get(first, first)
            elif roll < 0.35:
                called = f"Mrs. {last}" if rng.random() < 0.5 else f"Mr. {last}"
            tags = []
            if company and rng.random() < 0.55:
                tags.append("fleet")
            if company:
                tags.append("commercial")
            elif rng.random() < 0.6:
                tags.append("family")
            if rng.random() < 0.05:
                tags.append("classic")
            since = S + 11 if index == 1 else rng.randint(S, T - 20)
            girl = index == 1 or rng.random() < 0.5
            person = Person(
                id=index,
                name=f"{first} {last}",
                handle=called or first,
                company=company,
                car=self.pick(CARS),
                kid="Emma" if index == 1 else self.pick(DAUGHTERS if girl else SONS),
                child="Daughter" if girl else "Son",
                spouse=self.pick(HUSBANDS if index == 1 or rng.random() < 0.5 else WIVES),
                partner="",
                year=rng.randint(2008, 2025),
                color=self.pick(COLORS),
                since=since,
                tags=tags,
            )
            person.partner = "Husband" if person.spouse in HUSBANDS else "Wife"
            self.people.append(person)
            domain = (company or "").lower().replace(" ", "").replace("&", "").rstrip(".")
            email = (
                f"{first.lower()}@{domain}.example.com"
                if company
                else f"{first.lower()}.{last.lower()}@example.net"
            )
            lines.append(
                {
                    "type": "customer",
                    "id": index,
                    "name": person.name,
                    "called": called,
                    "company": company,
                    "phone": f"555-{rng.randint(100, 9999):04d}",
                    "email": email,
                    "tags": tags,
                    "every": None,  # decided with the notes (see `notes`)
                    "since": date.fromordinal(since).isoformat(),
                }
            )
        for index in rng.sample(range(n), min(RARE_TAG_CUSTOMERS, n)):
            self.people[index].tags.append(RARE_TAG)
            lines[index]["tags"] = self.people[index].tags
        return lines

    # -- notes -----------------------------------------------------------------------------------

    def note_text(self, p: Person, via: str) -> tuple[str, bool]:
        rng = self.rng
        if via == "visit":
            work = rng.random() < 0.8
            if work and rng.random() < 0.012:
                text = self.fill(self.pick(RADIATOR_NOTES), p)
            elif work:
                mileage = (
                    f", {rng.randrange(8_000, 190_000, 100):,} mi" if rng.random() < 0.4 else ""
                )
                text = f"{self.pick(SERVICES)} on the {p.car}{mileage}. "
                text += self.fill(self.pick(FINDINGS), p)
            else:
                text = f"{p.handle} stopped by to ask about the {self.pick(JOBS)}."
            if rng.random() < 0.3:
                text += " " + self.fill(self.pick(PERSONAL), p)
            return text, work
        if via == "call":
            reason, outcome = self.pick(CALLS)
            text = f"{p.handle} called {self.fill(reason, p)}. {self.fill(outcome, p)}"
            if rng.random() < 0.2:
                text += " " + self.fill(self.pick(PERSONAL), p)
            return text, False
        bank = {"text": TEXTS, "email": EMAILS}.get(via, OTHERS)
        return self.fill(self.pick(bank), p), False

    def notes(self) -> tuple[list[tuple[int, str, str, str, bool]], dict[int, int]]:
        """(customer id, at, via, text, work) in id order, and each customer's last day."""
        rng, people = self.rng, self.people
        others = self.size.notes - TARGET_NOTES
        counts = [TARGET_NOTES, *self.spread(others, self.weights(len(people) - 1, 60), 1)]
        vias, via_weights = list(VIA_WEIGHTS), list(itertools.accumulate(VIA_WEIGHTS.values()))

        # Stay-in-touch periods for about 30% of customers: all are in touch except
        # COLD_CUSTOMERS, whose last contact is well past their period.
        neglected = self.size.profile == "neglected"
        share = NEGLECTED_WITH_PERIOD if neglected else 0.3
        with_period = [p for p in people[1:] if rng.random() < share]
        n_cold = round(len(with_period) * NEGLECTED_COLD) if neglected else COLD_CUSTOMERS
        cold = set(rng.sample([p.id for p in with_period], min(n_cold, len(with_period))))
        people[0].every = "30d"
        for p in with_period:
            p.every = self.pick(EVERY_CHOICES)

        rows: list[tuple[str, int, str, str, bool]] = []
        last_day: dict[int, int] = {}
        for p, count in zip(people, counts, strict=True):
            start, end = p.since, T - 1
            if p.id in cold:
                assert p.every is not None
                end = T - int(period_days(p.every) * 1.6) - rng.randint(0, 30)
                if p.since > end:
                    p.since = start = end - rng.randint(60, 900)
            days = sorted(rng.randint(start, end) for _ in range(count))
            if p.every and p.id not in cold:
                # The last contact falls within the period (so they are not "going cold").
                days[-1] = T - rng.randint(0, max(0, int(period_days(p.every) * 0.8)))
                days.sort()
            last_day[p.id] = days[-1]
            taken: set[tuple[int, int]] = set()  # one note a minute: no duplicates to skip
            for day in days:
                minute = rng.randint(7 * 60, 18 * 60 + 59)
                while (day, minute) in taken:
                    minute = rng.randint(7 * 60, 18 * 60 + 59)
                taken.add((day, minute))
                at = f"{date.fromordinal(day).isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00"
                via = rng.choices(vias, cum_weights=via_weights)[0]
                text, work = self.note_text(p, via)
                rows.append((at, p.id, via, text, work))

        # The rare word: in RARE_WORD_NOTES notes of a handful of customers (not the target).
        busy = [p.id for p, c in zip(people[1:], counts[1:], strict=True) if c >= 8]
        owners = set(rng.sample(busy, min(12, len(busy))))
        owned = [i for i, row in enumerate(rows) if row[1] in owners]
        for i in rng.sample(owned, min(RARE_WORD_NOTES, len(owned))):
            at, cid, via, text, work = rows[i]
            extra = self.fill(self.pick(AIRSTREAM_BITS), people[cid - 1])
            rows[i] = (at, cid, via, f"{text} {extra}", work)

        rows.sort()  # ids in the order the notes were written, as in a real log
        return [(cid, at, via, text, work) for at, cid, via, text, work in rows], last_day

    # -- facts -----------------------------------------------------------------------------------

    def yearly_day(self, in_window: bool) -> tuple[int, int]:
        """A month and day outside `due`'s window (the next WINDOW_DAYS days), or inside it."""
        if in_window:
            day = TODAY + timedelta(days=self.rng.randint(0, WINDOW_DAYS))
            return day.month, day.day
        while True:
            day = date(2001, 1, 1) + timedelta(days=self.rng.randint(0, 364))
            from_today = (date(2001 if day >= date(2001, 11, 24) else 2002, day.month, day.day)
                          - date(2001, 11, 24)).days  # fmt: skip
            if from_today > WINDOW_DAYS + 7:  # a margin: `due --on` a few days later still fits
                return day.month, day.day

    def facts(self, last_day: dict[int, int]) -> list[tuple[int, str, str, str, str | None, bool]]:
        """(customer id, topic, text, learned, when, private)."""
        rng, people, n = self.rng, self.people, self.size.customers
        out: list[tuple[int, str, str, str, str | None, bool]] = []

        def learned(p: Person) -> str:
            return date.fromordinal(rng.randint(p.since, last_day[p.id])).isoformat()

        yearly = [(p, "birthday") for p in people if rng.random() < 0.25]
        yearly += [(p, "anniversary") for p in people if rng.random() < 0.08]
        in_window = set(rng.sample(range(len(yearly)), min(WINDOW_DATES, len(yearly))))
        for index, (p, topic) in enumerate(yearly):
            month, day = self.yearly_day(index in in_window)
            year = rng.randint(1950, 2000) if rng.random() < 0.5 else None
            text = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            out.append((p.id, topic, text, learned(p), None, False))

        remaining = self.size.facts - len(out) - TARGET_FACTS
        counts = [TARGET_FACTS, *self.spread(remaining, self.weights(n - 1, 20))]
        seen: set[tuple[int, str, str]] = set()
        recent = set(rng.sample(range(remaining), min(RECENT_EVENTS, remaining)))
        serial = 0
        for p, count in zip(people, counts, strict=True):
            for _ in range(count):
                serial += 1
                when: str | None = None
                if serial - 1 in recent:
                    event = T - rng.randint(1, 25)
                    topic = "vacation"
                    text = self.fill(self.pick(EVENT_TEXTS), p)
                    when = date.fromordinal(event).isoformat()
                    out.append((p.id, topic, text, learned_day(event - 20, p), when, False))
                    continue
                topic = rng.choices(FACT_TOPICS, FACT_WEIGHTS)[0]
                text = self.fill(self.pick(FACT_TEXTS[topic]), p)
                for attempt in range(20):  # `import` skips a repeated (topic, text): avoid them
                    if (p.id, topic, text) not in seen:
                        break
                    topic = rng.choices(FACT_TOPICS, FACT_WEIGHTS)[0]
                    text = self.fill(self.pick(FACT_TEXTS[topic]), p)
                    if attempt >= 10:
                        text += f" (as of {rng.randint(2017, 2026)})"
                seen.add((p.id, topic, text))
                learned_on = learned(p)
                if topic in ("vacation", "health") and rng.random() < 0.25:
                    # An event that happened long ago: `due` no longer asks about it.
                    event = min(date.fromisoformat(learned_on).toordinal() + rng.randint(5, 60),
                                T - 40)  # fmt: skip
                    when = date.fromordinal(max(event, p.since)).isoformat()
                    learned_on = min(learned_on, when)
                out.append((p.id, topic, text, learned_on, when, topic == "health"))
        out.sort(key=lambda f: (f[3], f[0]))  # ids in the order they were learned
        return out

    # -- follow-ups ------------------------------------------------------------------------------

    def followups(self) -> list[dict[str, Any]]:
        rng, people, total = self.rng, self.people, self.size.followups
        done_total = round(total * DONE_FRACTION)
        weights = self.weights(len(people) - 1, 30)
        counts = [TARGET_FOLLOWUPS, *self.spread(total - TARGET_FOLLOWUPS, weights)]
        slots = [p for p, c in zip(people, counts, strict=True) for _ in range(c)]
        order = list(range(len(slots)))
        rng.shuffle(order)
        # The target's open follow-ups include an overdue promise and a callback this week.
        # (The same 16 open and 24 done at every size.)
        target_slots = list(range(TARGET_FOLLOWUPS))
        others = [i for i in order if slots[i].id != 1]
        done = set(target_slots[TARGET_OPEN:])
        done |= set(others[: done_total - len(done)])
        open_others = [i for i in others if i not in done]
        window = set(target_slots[:2]) | set(open_others[: WINDOW_FOLLOWUPS - 2])
        # The neglected book: open follow-ups of other customers that fell behind.
        late: dict[int, int] = {}
        if self.size.profile == "neglected":
            rest = open_others[WINDOW_FOLLOWUPS - 2 :]
            for n, i in enumerate(rest[: NEGLECTED_OVERDUE + NEGLECTED_TODAY + NEGLECTED_SOON]):
                if n < NEGLECTED_OVERDUE:
                    late[i] = T - rng.randint(1, 365)
                elif n < NEGLECTED_OVERDUE + NEGLECTED_TODAY:
                    late[i] = T
                else:
                    late[i] = T + rng.randint(1, WINDOW_DAYS)
        kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        seen: set[tuple[int, int, str]] = set()
        out: list[dict[str, Any]] = []
        for i, p in enumerate(slots):
            kind = rng.choices(kinds, kind_weights)[0]
            if i == target_slots[0]:
                kind = "promise"
            text = self.fill(self.pick(FOLLOWUP_TEXTS[kind]), p)
            every = None
            if kind == "callback" and rng.random() < 0.25:
                every = self.pick(("3m", "6m", "1y"))
            if i in done:
                due = rng.randint(p.since + 1, T - 1)
                done_on = min(T - 1, max(p.since, due + rng.randint(-5, 12)))
            else:
                if i in late:
                    due = late[i]
                elif i in window:
                    due = T + rng.randint(-WINDOW_OVERDUE_DAYS, WINDOW_DAYS)
                else:
                    due = T + rng.randint(WINDOW_DAYS + 8, 540)
                done_on = None
            while (p.id, due, text) in seen:  # `import` skips a repeated (due, text)
                due += 1
            seen.add((p.id, due, text))
            created = max(p.since, min(T, due) - rng.randint(1, 90))
            out.append(
                {
                    "customer_id": p.id,
                    "due": date.fromordinal(due).isoformat(),
                    "text": text,
                    "kind": kind,
                    "every": every,
                    "estimate": float(rng.randrange(80, 2500, 10)) if kind == "deferred" else None,
                    "done": date.fromordinal(done_on).isoformat() if done_on else None,
                    "created": date.fromordinal(created).isoformat(),
                }
            )
        # The rare word in a few follow-ups too, and the common one in 1% of them.
        for row in rng.sample(out, min(5, len(out))):
            row["text"] += f" (and check the {RARE_WORD}'s trailer brakes)"
        repairs = [row for row in out if row["kind"] in ("callback", "deferred")]
        for row in rng.sample(repairs, min(len(repairs), max(1, total // 100))):
            row["text"] = f"{row['text']}; also replace the {COMMON_WORD} hose"
        out.sort(key=lambda f: (f["created"], f["customer_id"]))
        return out

    # -- the file --------------------------------------------------------------------------------

    def lines(self) -> Iterator[str]:
        dump = json.JSONEncoder(ensure_ascii=False).encode
        customers = self.customers()
        notes, last_day = self.notes()
        for line, p in zip(customers, self.people, strict=True):
            line["every"] = p.every
            line["since"] = date.fromordinal(p.since).isoformat()
            yield dump(line)
        names = {p.id: p.name for p in self.people}
        facts = self.facts(last_day)
        followups = self.followups()

        numbered = sorted((n[0], n[1], i) for i, n in enumerate(notes, start=1))
        for cid, _at, note_id in numbered:
            _cid, at, via, text, work = notes[note_id - 1]
            yield dump(
                {"type": "note", "customer": names[cid], "customer_id": cid, "id": note_id,
                 "at": at, "via": via, "text": text, "work": work},
            )  # fmt: skip
        fact_order = sorted(range(len(facts)), key=lambda i: (facts[i][0], i))
        for i in fact_order:
            cid, topic, text, learned, when, private = facts[i]
            yield dump(
                {"type": "fact", "customer": names[cid], "customer_id": cid, "id": i + 1,
                 "topic": topic, "text": text, "learned": learned, "when": when,
                 "private": private, "superseded_by": None},
            )  # fmt: skip
        fu_order = sorted(
            range(len(followups)),
            key=lambda i: (followups[i]["customer_id"], followups[i]["due"], i),
        )
        for i in fu_order:
            f = followups[i]
            yield dump(
                {"type": "followup", "customer": names[f["customer_id"]],
                 "customer_id": f["customer_id"], "id": i + 1, "due": f["due"],
                 "text": f["text"], "kind": f["kind"], "every": f["every"], "from_done": False,
                 "estimate": f["estimate"], "done": f["done"], "created": f["created"]},
            )  # fmt: skip


def learned_day(ordinal: int, p: Person) -> str:
    return date.fromordinal(max(ordinal, p.since)).isoformat()


def generate(size: Size, path: Path, seed: int = 2026) -> int:
    """Write the log of `size` to `path`; returns the number of lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for line in Generator(size, seed).lines():
            handle.write(line + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("-o", "--output", type=Path, help="the file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    started = time.perf_counter()
    if args.output is None:
        for line in Generator(size, args.seed).lines():
            sys.stdout.write(line + "\n")
        return 0
    lines = generate(size, args.output, args.seed)
    elapsed = time.perf_counter() - started
    print(f"{args.output}: {lines:,} lines in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
