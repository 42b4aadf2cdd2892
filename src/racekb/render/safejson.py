"""JSON that is safe to place inside an HTML <script> element.

A release may contain any text, "</script>" and "<!--" included. Escaping every "<", ">" and "&"
as a \\u sequence keeps the JSON identical in meaning while the HTML parser can never see the end
of the script (or the start of a comment) inside it. U+2028/U+2029 are escaped so the same text is
also valid when it is a JavaScript expression (`window.X = {...};`).
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any, indent: int | None = None) -> str:
    """`value` as compact, deterministic JSON that cannot break out of a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, indent=indent,
                      separators=(",", ":") if indent is None else (",", ": "))
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return text
