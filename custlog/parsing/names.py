"""Naming a customer: `#ID`, exact full or called name, then unique prefixes.

Pure functions over (id, name, called) triples, so the rules can be tested without a database.
One matching rule for every place a typed name meets the log (the resolver, shell completion,
the duplicate check of `add`, search by name, the imports): `fold` compares text with Unicode
case folding on NFC-normalised text, so "JOSÉ MUÑOZ", a name typed with decomposed accents (as
macOS tools write them) and "ирина" all find their customer; when nothing matches that way,
`plain` lets accent-free typing find accented names ("jose" finds José Muñoz, "zoe" Zoë).
The log stores each customer's names in both forms (`keys`, written by
`custlog.storage.records`), so SQL finds candidates by comparing stored keys, never by calling
back into Python for every customer.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from custlog.errors import Ambiguous, BadInput, NotFound
from custlog.render.words import plural, quoted

Candidate = tuple[int, str, str | None]
_NEAREST_POOL = 2_000  # names compared when none is close
# Letters that carry their accent in the letter itself, not as a combining mark.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"}
)


def nfc(text: str) -> str:
    """Text in one Unicode form (NFC): "é" typed as e + accent becomes the one letter é."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The form names are compared in: NFC, case folded ("JOSÉ" → "josé", "ß" → "ss")."""
    return nfc(nfc(text).casefold())


def plain(text: str) -> str:
    """`fold` without accents: "Zoë Ødegaard" → "zoe odegaard"."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return nfc(bare.translate(_PLAIN_LETTERS))


def keys(text: str | None) -> tuple[str | None, str | None]:
    """A name as the log stores it for lookups: (`fold`, `plain`); (None, None) for no name."""
    return (fold(text), plain(text)) if text else (None, None)


def sort_key(name: str) -> tuple[str, str]:
    """How customers are ordered by name (`list`, `search`): accent-free, then folded, so that
    "Émile" comes between "Ann" and "Zoë" and "émile" just before "Émile"; ties by id. SQL
    orders by the stored keys (`name_plain`, `name_folded`), which compare as these do."""
    return plain(name), fold(name)


# -- search: customers by the words of their name, called name and company ------------------

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of `text` as search compares them: case-folded and accent-free, as the
    full-text index compares the words of notes ("Ødegaard" → "odegaard", "O'Brien" →
    "o", "brien")."""
    return _WORD.findall(plain(text))


def search_key(*texts: str | None) -> str:
    """The words of a customer's name, called name and company as the log stores them for
    `search`: each word after a space (" ann lee annie lee bakery"), so that a word begins one
    of them exactly when the key holds the space and the word."""
    return "".join(f" {word}" for text in texts if text for word in words(text))


def finds(query_words: Sequence[str], *texts: str | None) -> bool:
    """Whether every one of `query_words` (`words` of the query) begins a word of `texts`."""
    found = [word for text in texts if text for word in words(text)]
    return all(any(word.startswith(q) for word in found) for q in query_words)


def mark_words(text: str, query_words: Sequence[str], start: str, end: str) -> str:
    """`text` with each of its words that a query word begins between `start` and `end`."""

    def mark(m: re.Match[str]) -> str:
        hit = any(w.startswith(q) for w in words(m.group()) for q in query_words)
        return f"{start}{m.group()}{end}" if hit else m.group()

    return _WORD.sub(mark, text)


# How well a query names a candidate, best first.
EXACT, EXACT_CALLED, PREFIX, LATER_WORD = range(4)


def rank(query: str, name: str, called: str | None, key: Callable[[str], str] = fold) -> int | None:
    """How `query` (already in `key` form) names a customer: exact full name, exact called
    name, a prefix of the full or called name, a prefix of a later word of the name ("lee"
    for "Ann Lee"); None when it does not."""
    full, nick = key(name), key(called or "")
    if full == query:
        return EXACT
    if called and nick == query:
        return EXACT_CALLED
    if full.startswith(query) or (called and nick.startswith(query)):
        return PREFIX
    if any(word.startswith(query) for word in full.split()[1:]):
        return LATER_WORD
    return None


def matches(query: str, candidates: Iterable[Candidate]) -> list[tuple[int, Candidate]]:
    """Every candidate `query` names, with its rank: compared by `fold`, or, when nothing
    matches that way, by `plain` (accent-free typing)."""
    pool = list(candidates)
    for key in (fold, plain):
        q = key(query.strip())
        found = [(r, c) for c in pool if (r := rank(q, c[1], c[2], key)) is not None]
        if found:
            return found
    return []


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same name for a person (`add`'s duplicate check)."""
    return fold(a.strip()) == fold(b.strip())


def looks_like_id(text: str) -> bool:
    """`#12` names customer 12 wherever a NAME is taken, so no name may read that way."""
    raw = text.strip()
    return raw.startswith("#") and raw[1:].strip().isdecimal()


def is_number(text: str) -> bool:
    """ASCII digits only: `str.isdigit` also takes ١٢ and ², which no one types as an id."""
    return text.isascii() and text.isdigit()


def reads_as_id(text: str) -> bool:
    """`#12`: a customer's id where a name is expected (ASCII digits only, as every id)."""
    return text.startswith("#") and is_number(text[1:])


def parse_id(text: str, what: str = "id") -> int:
    """`12` or `#12` as a positive integer id."""
    raw = text.strip().removeprefix("#")
    if not is_number(raw) or len(raw) > 18 or int(raw) < 1:
        raise BadInput(f"{quoted(text)} is not a {what}: use a number such as 12 or #12")
    return int(raw)


def is_customer_handle(text: str) -> bool:
    """Whether `text` is meant as a customer handle ("C12"), good or bad: `snooze` takes a
    follow-up id or a handle."""
    return text.strip()[:1] in ("C", "c")


def parse_customer_handle(text: str) -> int:
    """`C12` (the handle `due` shows for a customer to get back in touch with) as an id."""
    raw = text.strip()[1:]
    if not raw.isdecimal() or len(raw) > 18 or int(raw) < 1:
        raise BadInput(f'"{text}" is not a customer handle: use C and a number, such as C12')
    return int(raw)


def _label(candidate: Candidate, extra: str = "") -> str:
    cid, name, called = candidate
    bits = [f'"{called}"'] if called and not same_name(called, name) else []
    bits += [extra] if extra else []
    return f"#{cid} {name}" + (f" ({', '.join(bits)})" if bits else "")


def pick(
    query: str, candidates: Sequence[Candidate], *, exact: bool = False
) -> int | list[Candidate]:
    """The one id `query` names among `candidates`, or the tied candidates of the best rank
    (`rank`: exact full name, exact called name, prefix, later word; compared as `matches`
    says). `exact`: exact full or called names only. A customer may come as several
    candidates (an alias is one more, in the called name's place): they count once."""
    found = matches(query, candidates)
    if exact:
        found = [(r, c) for r, c in found if r <= EXACT_CALLED]
    if not found:
        return []
    best = min(r for r, _ in found)
    tied = _first_per_customer(c for r, c in found if r == best)
    return tied[0][0] if len(tied) == 1 else tied


def _first_per_customer(candidates: Iterable[Candidate]) -> list[Candidate]:
    seen: set[int] = set()
    found: list[Candidate] = []
    for c in candidates:
        if c[0] not in seen:
            seen.add(c[0])
            found.append(c)
    return found


def not_found_message(query: str, everyone: Sequence[Candidate]) -> str:
    words: dict[str, str] = {}
    for _cid, name, called in everyone:
        words[fold(name)] = name
        if called:
            words[fold(called)] = name
        for part in name.split():
            words.setdefault(fold(part), name)
    if not words:
        return (
            f"no customer named {quoted(query)}: the log has no customers yet (see `custlog add`)"
        )
    q = fold(query.strip())
    close = difflib.get_close_matches(q, list(words), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(words[c] for c in close))[:3]
    if suggestions:
        return f"no customer named {quoted(query)}; did you mean {', '.join(suggestions)}?"
    # Nothing close: still offer the nearest names (the spec promises suggestions), from a
    # bounded pool so that a large log answers as fast as a small one.
    pool = list(words)
    if len(pool) > _NEAREST_POOL:
        pool = [w for w in pool if w[:1] == q[:1]][:_NEAREST_POOL] or pool[:_NEAREST_POOL]
    nearest = difflib.get_close_matches(q, pool, n=10, cutoff=0.0)
    suggestions = list(dict.fromkeys(words[c] for c in nearest))[:3]
    return (
        f"no customer named {quoted(query)}; did you mean {', '.join(suggestions)}? "
        "(see `custlog list`, or add them with `custlog add`)"
    )


def ambiguous_message(
    query: str, tied: Sequence[Candidate], details: dict[int, str] | None = None
) -> str:
    """One line naming the tied customers, each with what tells them apart (`details`, by id:
    "Lee Bakery, 555-0142, last contact Wed 18 Nov") when given."""
    known = details or {}
    shown = "; ".join(_label(c, known.get(c[0], "")) for c in tied[:8])
    more = f" and {len(tied) - 8} more" if len(tied) > 8 else ""
    return (
        f"{quoted(query)} matches {plural(len(tied), 'customer')}: {shown}{more}. "
        "Use more of the name or #ID"
    )


def resolve(
    query: str,
    candidates: Sequence[Candidate],
    everyone: Callable[[], Sequence[Candidate]],
) -> int:
    """Resolve `query` or raise NotFound / Ambiguous with a message ready for the user."""
    if not query.strip():
        raise BadInput("a customer name is needed")
    result = pick(query, candidates)
    if isinstance(result, int):
        return result
    if result:
        raise Ambiguous(ambiguous_message(query, result), [c[0] for c in result])
    raise NotFound(not_found_message(query, everyone()))
