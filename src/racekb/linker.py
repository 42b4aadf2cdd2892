"""Release text to HTML with every recognised mention linked to its entity page.

markdown-it-py renders the body; a core rule then splits text tokens around the surface forms
the extractor found, so links never land inside markup and the text stays escaped."""

from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def _pattern(surfaces: list[str]) -> re.Pattern[str] | None:
    forms = sorted({s for s in surfaces if s.strip()}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


def _link_mentions(state: StateCore) -> None:
    """The core rule: split text tokens (outside links) around the release's surface forms,
    read from `state.env` so that one parser serves every release."""
    data = state.env.get(_ENV_KEY)
    if data is None:
        return
    pattern, links, href, titles = data
    if pattern is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        inside_link = 0
        for tok in block.children:
            if tok.type == "link_open":
                inside_link += 1
            elif tok.type == "link_close":
                inside_link -= 1
            if tok.type != "text" or inside_link:
                out.append(tok)
                continue
            pos = 0
            for m in pattern.finditer(tok.content):
                if m.start() > pos:
                    t = Token("text", "", 0)
                    t.content = tok.content[pos:m.start()]
                    out.append(t)
                eid = links[m.group(1)]
                open_ = Token("link_open", "a", 1)
                open_.attrs = {"href": href(eid), "class": "mention", "data-entity": eid,
                               "title": titles.get(eid, "")}
                text = Token("text", "", 0)
                text.content = m.group(1)
                out.extend([open_, text, Token("link_close", "a", -1)])
                pos = m.end()
            if pos < len(tok.content):
                t = Token("text", "", 0)
                t.content = tok.content[pos:]
                out.append(t)
        block.children = out


_ENV_KEY = "racekb_mentions"
# One parser for every release: building a MarkdownIt (and its rule chains) per call cost more
# than rendering the body. The per-release data travels in the render env, so the parser holds
# no state between calls.
_MD = MarkdownIt("commonmark", {"html": False})
_MD.core.ruler.push("link_mentions", _link_mentions)


def render_linked(markdown: str, links: dict[str, str], href: Callable[[str], str],
                  titles: dict[str, str]) -> str:
    """HTML of `markdown` with each surface form in `links` linked via `href(entity_id)`."""
    return _MD.render(markdown, {_ENV_KEY: (_pattern(list(links)), links, href, titles)})
