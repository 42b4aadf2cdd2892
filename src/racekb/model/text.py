"""Markdown in, plain text out: the extractor reads what a visitor reads, not the markup."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from racekb.model.plainmd import plain_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The Markdown parser, made (and markdown-it imported) when a text first needs it: plain
    paragraphs never do (racekb.model.plainmd), and most builds read nothing else."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})

# Invisible characters that only ever arrive by accident (terminal escapes, a stray NUL-free
# control byte, Unicode non-characters): they break YAML, XML and a reader's eye, so they go.
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ANSI = re.compile(r"\x1b(?:\[[0-9;:?<=>]*[ -/]*[@-~]|[@-Z\\-_])")  # terminal colour codes and the like
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Decoded seed text with one kind of line break and no invisible control characters."""
    text = _ANSI.sub("", text.removeprefix("\ufeff"))
    return _JUNK.sub("", _LINE_BREAKS.sub("\n", text))


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<&])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|~])")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def plain_to_markdown(text: str) -> str:
    """Turn a plain-text release body into Markdown that renders back to the same words.

    Paragraphs stay paragraphs; characters Markdown would read as markup are escaped so
    a stray asterisk or a leading "1." in a release is shown as written.
    """
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    out = []
    for para in paragraphs:
        if not para:
            continue
        para = _INLINE_SPECIAL.sub(r"\\\1", para)
        para = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), para)
        para = _ORDERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), para)
        out.append(para)
    return "\n\n".join(out) + "\n"


@lru_cache(maxsize=16384)
def _paragraphs(markdown: str) -> tuple[str, ...]:
    return tuple(_parse_paragraphs(markdown))


def markdown_paragraphs(markdown: str) -> list[str]:
    """The text of each block of a Markdown body; parsed once per body in a build, as the
    extractor, the search index and the page descriptions all read it."""
    return list(_paragraphs(markdown))


def _parse_paragraphs(markdown: str) -> list[str]:
    """The text of each block (paragraph, heading, list item) of a Markdown body."""
    blocks = plain_blocks(markdown)
    if blocks is not None:  # plain paragraphs: the same text without the parser (racekb.model.plainmd)
        return [text for text in (" ".join(" ".join(lines).split()) for lines in blocks) if text]
    return paragraphs_by_parser(markdown)


def paragraphs_by_parser(markdown: str) -> list[str]:
    """`_parse_paragraphs` by markdown-it-py, for any Markdown."""
    paragraphs: list[str] = []
    for token in _parser().parse(markdown):
        if token.type != "inline":
            continue
        parts: list[str] = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            paragraphs.append(text)
    return paragraphs
