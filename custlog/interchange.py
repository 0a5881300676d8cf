"""The JSON Lines format: `export` writes it, `import` reads it back, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from custlog import dates
from custlog.errors import BadInput
from custlog.models import KINDS, VIAS, YEARLY_TOPICS
from custlog.store import Store

TYPES = ("customer", "note", "fact", "followup")


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def export_lines(store: Store) -> Iterator[str]:
    """The whole log, customers first, in a stable order (export → import → export is identical)."""
    names: dict[int, str] = {}
    for r in store.iter_rows("customers"):
        names[r["id"]] = r["name"]
        yield _dump(
            {
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
            }
        )
    for r in store.iter_rows("notes"):
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
            }
        )
    for r in store.iter_rows("facts"):
        yield _dump(
            {
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
        )
    for r in store.iter_rows("followups"):
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
                "estimate": r["estimate"],
                "done": r["done"],
                "created": r["created"],
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
        parts = [
            f"{self.customers} customers",
            f"{self.notes} notes",
            f"{self.facts} facts",
            f"{self.followups} follow-ups",
        ]
        text = "imported " + ", ".join(parts)
        if self.matched or self.skipped:
            text += f" ({self.matched} customers and {self.skipped} records were already there)"
        return text


class _Line:
    """One parsed line, with typed accessors that name the line in every error."""

    def __init__(self, number: int, obj: dict[str, Any]) -> None:
        self.lineno = number
        self.obj = obj

    def fail(self, message: str) -> BadInput:
        return BadInput(f"line {self.lineno}: {message}; nothing was imported")

    def text(self, key: str, *, required: bool = False, limit: int = 20_000) -> str | None:
        value = self.obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(f'"{key}" is required')
            return None
        if not isinstance(value, str):
            raise self.fail(f'"{key}" must be a string')
        if len(value) > limit:
            raise self.fail(f'"{key}" is longer than {limit:,} characters')
        if "\x00" in value:
            raise self.fail(f'"{key}" contains a NUL character')
        return value

    def integer(self, key: str) -> int | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f'"{key}" must be a positive whole number')
        return value

    def number(self, key: str) -> float | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(f'"{key}" must be a positive number or null')
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.obj.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(f'"{key}" must be true or false')
        return value

    def day(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise self.fail(f'"{key}" must be an ISO date (YYYY-MM-DD), not "{value}"') from None

    def moment(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(f'"{key}" must be an ISO date-time, not "{value}"') from None
        return parsed.replace(tzinfo=None).isoformat(timespec="seconds")

    def period(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return dates.parse_period(value).canonical()
        except BadInput as exc:
            raise self.fail(str(exc)) from None

    def choice(self, key: str, options: Iterable[str], default: str) -> str:
        value = self.text(key) or default
        if value not in options:
            raise self.fail(f'"{key}" must be one of {", ".join(options)}, not "{value}"')
        return value

    def tags(self) -> list[str]:
        value = self.obj.get("tags")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise self.fail('"tags" must be a list of strings')
        return [t.strip().lower() for t in value if t.strip()]


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
        if not isinstance(obj, dict):
            raise BadInput(f"line {number}: expected a JSON object; nothing was imported")
        yield _Line(number, obj)


def import_lines(store: Store, lines: Iterable[str], today: date) -> ImportReport:
    """Read every line, check it, then write everything in one transaction."""
    keep_ids = store.is_empty()
    report = ImportReport()
    customers: list[dict[str, Any]] = []  # one per customer line, in file order
    by_file_id: dict[int, int] = {}  # the file's customer id → its index in `customers`
    by_name: dict[str, list[int]] = {}
    records: dict[str, list[tuple[_Line, dict[str, Any]]]] = {
        "note": [],
        "fact": [],
        "followup": [],
    }

    for line in _parse(lines):
        kind = line.obj.get("type")
        if kind not in TYPES:
            raise line.fail(f'unknown "type" {json.dumps(kind)}: use one of {", ".join(TYPES)}')
        if kind == "customer":
            row: dict[str, Any] = {
                "file_id": line.integer("id"),
                "name": (line.text("name", required=True, limit=300) or "").strip(),
                "called": line.text("called", limit=300),
                "company": line.text("company", limit=300),
                "phone": line.text("phone", limit=300),
                "email": line.text("email", limit=300),
                "tags": json.dumps(line.tags()),
                "every": line.period("every"),
                "since": line.day("since") or today.isoformat(),
                "line": line.lineno,
            }
            if row["file_id"] is not None:
                if row["file_id"] in by_file_id:
                    raise line.fail(f"customer id {row['file_id']} appears twice")
                by_file_id[row["file_id"]] = len(customers)
            by_name.setdefault(row["name"].casefold(), []).append(len(customers))
            customers.append(row)
        else:
            records[kind].append((line, _record(line, kind)))

    def owner(line: _Line) -> int:
        file_id = line.integer("customer_id")
        if file_id is not None:
            if file_id not in by_file_id:
                raise line.fail(f"customer_id {file_id} is not a customer line in this file")
            return by_file_id[file_id]
        name = line.text("customer", required=True) or ""
        found = by_name.get(name.strip().casefold(), [])
        if len(found) != 1:
            problem = "matches no customer line" if not found else "matches several customer lines"
            raise line.fail(f'customer "{name}" {problem} in this file')
        return found[0]

    resolved = {kind: [(owner(line), row) for line, row in rows] for kind, rows in records.items()}

    with store.transaction():
        db_ids: list[int] = []
        matched: set[int] = set()
        for row in customers:
            existing = [] if keep_ids else store.customers_named(row["name"])
            if len(existing) == 1:
                db_ids.append(existing[0].id)
                matched.add(existing[0].id)
                report.matched += 1
                continue
            values = {k: row[k] for k in ("name", "called", "company", "phone", "email")}
            values.update(tags=row["tags"], every=row["every"], since=row["since"])
            if keep_ids and row["file_id"] is not None:
                values["id"] = row["file_id"]
            store.insert_many("customers", [values])
            db_ids.append(int(store.conn.execute("SELECT last_insert_rowid()").fetchone()[0]))
            report.customers += 1
        table_of = {"note": "notes", "fact": "facts", "followup": "followups"}
        key_of = {"note": ("at", "text"), "fact": ("topic", "text"), "followup": ("due", "text")}
        for kind, rows in resolved.items():
            table = table_of[kind]
            seen = store.existing_keys(table, matched) if matched else set()
            batch: list[dict[str, Any]] = []
            for index, row in rows:
                values = dict(row)
                values["customer_id"] = db_ids[index]
                if not keep_ids:
                    values.pop("id", None)
                    values.pop("superseded_by", None)
                key = (values["customer_id"], *(values[k] for k in key_of[kind]))
                if key in seen:
                    report.skipped += 1
                    continue
                seen.add(key)
                batch.append(values)
            _insert_batch(store, table, batch)
            setattr(report, kind + "s", len(batch))
    return report


def _insert_batch(store: Store, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows grouped by their column set (rows with and without ids)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for group in groups.values():
        store.insert_many(table, group)


def _record(line: _Line, kind: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    record_id = line.integer("id")
    if record_id is not None:
        values["id"] = record_id
    if kind == "note":
        values.update(
            at=line.moment("at") or datetime.combine(date.today(), datetime.min.time()).isoformat(),
            via=line.choice("via", VIAS, "other"),
            text=line.text("text", required=True),
            work=int(line.flag("work")),
        )
    elif kind == "fact":
        topic = (line.text("topic", limit=60) or "other").strip().lower()
        text = line.text("text", required=True, limit=2_000) or ""
        if topic in YEARLY_TOPICS:
            try:
                text = dates.parse_yearly(text).iso()
            except BadInput as exc:
                raise line.fail(str(exc)) from None
        values.update(
            topic=topic,
            text=text,
            learned=line.day("learned") or date.today().isoformat(),
            event=line.day("when"),
            private=int(line.flag("private")),
            superseded_by=line.integer("superseded_by"),
        )
    else:
        every = line.period("every")
        values.update(
            due=line.day("due", required=True),
            text=line.text("text", required=True, limit=2_000) or "",
            kind=line.choice("kind", KINDS, "callback"),
            every=every,
            from_done=int(line.flag("from_done")),
            estimate=line.number("estimate"),
            done=line.day("done"),
            created=line.day("created"),
        )
        if values["from_done"] and every is None:
            raise line.fail('"from_done" needs "every"')
    return values
