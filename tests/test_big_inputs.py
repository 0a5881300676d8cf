"""Large inputs cost time and memory in proportion to their size, with a cap (#11.12).

A vCard PHOTO of megabytes is thousands of folded lines: unfolding must be linear. A JSON
Lines file may hold a line of hundreds of megabytes: it is refused with its number after
reading at most the limit, never read whole.
"""

from __future__ import annotations

import base64
import io
import time
import tracemalloc
from pathlib import Path

import pytest

from custlog.domain.interchange import MAX_LINE_BYTES, read_lines
from custlog.errors import BadInput
from custlog.formats.vcard import read_vcards
from tests.conftest import Cli


def card_with_photo(size: int) -> str:
    data = base64.b64encode(bytes(range(256)) * (size // 256)).decode()
    folded = "\r\n ".join(data[i : i + 74] for i in range(0, len(data), 74))
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ødegaard\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nTEL:+47 555 0100\r\nEND:VCARD\r\n"
    )


def fastest(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        (contact,) = read_vcards(text)
        best = min(best, time.perf_counter() - start)
    assert contact.name == "Zoë Ødegaard" and contact.phones == ["+47 555 0100"]
    return best


def test_unfolding_a_large_photo_takes_time_in_proportion_to_its_size() -> None:
    # Large enough that each reading takes milliseconds, so the ratio measures the unfolding,
    # not the noise of a busy machine.
    small, large = card_with_photo(512 * 1024), card_with_photo(4 * 1024 * 1024)  # 8 times
    ratio = fastest(large) / fastest(small)
    # Linear gives about 8; the quadratic unfolding this replaces gave about 60.
    assert ratio < 24, ratio


def test_a_soft_broken_quoted_printable_note_still_unfolds_to_one_value() -> None:
    lines = "=\r\n".join(["=41" * 20] * 2_000)  # 2,000 soft line breaks
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\n"
        f"NOTE;ENCODING=QUOTED-PRINTABLE:{lines}\r\nEND:VCARD\r\n"
    )
    (contact,) = read_vcards(card)
    assert contact.note == "A" * 40_000


def test_a_json_lines_line_over_the_limit_is_refused_after_reading_only_the_limit() -> None:
    huge = b'{"type": "customer", "name": "' + b"x" * (8 * MAX_LINE_BYTES) + b'"}\n'
    stream = io.BytesIO(b'{"type": "customer", "name": "Ann Lee"}\n' + huge)
    tracemalloc.start()
    try:
        with pytest.raises(BadInput, match=r"^line 2: longer than 1,000,000 bytes"):
            for _ in read_lines(stream, "big.jsonl"):
                pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_LINE_BYTES, peak  # not the 8 MB line, nor a copy of it
    assert stream.tell() <= 2 * MAX_LINE_BYTES


def test_a_line_of_exactly_the_limit_is_read() -> None:
    line = b"x" * (MAX_LINE_BYTES - 1) + b"\n"
    assert [len(text) for text in read_lines(io.BytesIO(line + b"{}\n"), "f")] == [
        MAX_LINE_BYTES,
        3,
    ]


def test_importing_a_file_with_a_huge_line_names_the_line_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        out.write(b'{"type": "customer", "name": "Ann Lee"}\n{"type": "note", "text": "')
        out.write(b"y" * (4 * MAX_LINE_BYTES))
        out.write(b'"}\n')
    result = cli("import", str(path), code=1)
    assert result.stderr == (
        "custlog: error: line 2: longer than 1,000,000 bytes; nothing was imported\n"
    )
    assert cli("export").stdout == ""


def test_a_byte_that_is_not_utf8_is_refused_with_its_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        b'{"type": "customer", "name": "Ann"}\n{"type": "customer", "name": "Zo\xeb"}\n'
    )
    assert "line 2: " in cli("import", str(path), code=1).stderr
