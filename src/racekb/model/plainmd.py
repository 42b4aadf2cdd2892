"""Plain paragraphs of Markdown, read without a Markdown parser when that is safe.

Almost every release body is what `text.plain_to_markdown` makes of a plain-text seed: paragraphs
of words split by blank lines, with markup characters backslash-escaped. A build reads each body
up to three times (extraction, search index, the sentence quoted under "Mentioned in") and renders
it once, and markdown-it-py's parse of each was seconds of a big build (figures:
benchmarks/README.md). For a body that uses nothing but paragraphs and backslash escapes, the paragraphs and the
HTML are worked out here directly; any other body (a heading, a list, emphasis, a link, an entity,
unusual white space) returns None and goes through markdown-it-py as before.

"Nothing but paragraphs" is decided conservatively, so that the result is always what
markdown-it-py's CommonMark preset gives (tests/model/test_plainmd.py compares the two on fixed and on
random texts):
* every line is empty, all spaces (a paragraph break), or has no white space at either end;
* no line starts with a character that can open a block (`# > - + * = _ ` ~ < |`, or digits
  followed by `.` or `)`);
* once the escapes (a backslash before ASCII punctuation) are taken out, no character that can
  start inline markup is left: `` ` * _ [ ] < & \\ ``;
* no tab, carriage return or NUL anywhere (their rules are left to the parser).
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash escapes ASCII punctuation
_INLINE_MARKUP = re.compile(r"[`*_\[\]<&\\]")
_BLOCK_OPENER = re.compile(r"[#>\-+*=_`~<|]|\d+[.)]")
_PARSER_ONLY = re.compile(r"[\t\r\x00]")


def plain_blocks(markdown: str) -> list[list[str]] | None:
    """The lines of each paragraph, escapes resolved, or None if the body is not plain paragraphs."""
    if _PARSER_ONLY.search(markdown):
        return None
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.split("\n"):
        if not line or line.isspace() and not line.strip(" "):
            if current:
                blocks.append(current)
                current = []
            continue
        if line != line.strip() or _BLOCK_OPENER.match(line):
            return None
        text = _ESCAPED.sub(r"\1", line) if "\\" in line else line
        if _INLINE_MARKUP.search(_ESCAPED.sub("", line) if "\\" in line else line):
            return None
        current.append(text)
    if current:
        blocks.append(current)
    return blocks


def html_escape(text: str) -> str:
    """Text as markdown-it-py escapes it in HTML (`&`, `<`, `>` and `"`; not `'`)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text
