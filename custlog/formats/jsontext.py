"""JSON text, the one way custlog writes it (`--json` documents and the JSON Lines export).

Strict JSON: a NaN or an infinity is an error, never written (other programs cannot read
them). Control characters are escaped, C1 and DEL included (`json` escapes only those below
U+0020), so that a document shown on a terminal cannot move its cursor or retitle it.
"""

from __future__ import annotations

import json
import re
from typing import Any

_UNESCAPED_CONTROLS = re.compile("[\x7f-\x9f]")


def dumps(data: Any, *, indent: int | None = None) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return _UNESCAPED_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
