"""Release text to HTML with every recognised mention linked to its entity page.

markdown-it-py renders the body; a core rule then splits text tokens around the surface forms
the extractor found, so links never land inside markup and the text stays escaped."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from racekb.model.plainmd import html_escape, plain_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore


def _is_word(char: str) -> bool:
    """What the regex class \\w matches (letters and digits of any script, and "_")."""
    return char.isalnum() or char == "_"


def find_word(text: str, form: str, start: int = 0) -> int:
    """Where `form` first occurs in `text` (from `start`) as a whole word, or -1: what a search
    for `(?<!\\w)form(?!\\w)` finds, by str.find, without compiling a pattern per form."""
    at = text.find(form, start)
    while at != -1:
        end = at + len(form)
        if (at == 0 or not _is_word(text[at - 1])) and (end == len(text) or not _is_word(text[end])):
            return at
        at = text.find(form, at + 1)
    return -1


def find_mentions(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each surface form in `text`, as whole words: the leftmost first, the longest
    where two start together, never overlapping (what a regex alternation of the forms, longest
    first, between word boundaries finds). str.find instead of that regex, since compiling one
    per release cost more than rendering the release."""
    found: list[tuple[int, int]] = []
    for form in forms:
        start = find_word(text, form)
        while start != -1:
            found.append((start, -(start + len(form))))
            start = find_word(text, form, start + 1)
    out: list[tuple[int, int]] = []
    pos = 0
    for start, neg_end in sorted(found):
        if start >= pos:
            out.append((start, -neg_end))
            pos = -neg_end
    return out


def _forms(surfaces: list[str]) -> list[str]:
    return [s for s in surfaces if s.strip()]


def _link_mentions(state: StateCore) -> None:
    """The core rule: split text tokens (outside links) around the release's surface forms,
    read from `state.env` so that one parser serves every release."""
    from markdown_it.token import Token
    data = state.env.get(_ENV_KEY)
    if data is None:
        return
    forms, links, href, titles = data
    if not forms:
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
            for start, end in find_mentions(tok.content, forms):
                if start > pos:
                    t = Token("text", "", 0)
                    t.content = tok.content[pos:start]
                    out.append(t)
                surface = tok.content[start:end]
                eid = links[surface]
                open_ = Token("link_open", "a", 1)
                open_.attrs = {"href": href(eid), "class": "mention", "data-entity": eid,
                               "title": titles.get(eid, "")}
                text = Token("text", "", 0)
                text.content = surface
                out.extend([open_, text, Token("link_close", "a", -1)])
                pos = end
            if pos < len(tok.content):
                t = Token("text", "", 0)
                t.content = tok.content[pos:]
                out.append(t)
        block.children = out


_ENV_KEY = "racekb_mentions"
# One parser for every release: building a MarkdownIt (and its rule chains) per call cost more
# than rendering the body. The per-release data travels in the render env, so the parser holds
# no state between calls.
@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Made (and markdown-it imported) when a body first needs it: plain paragraphs never do."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False})
    parser.core.ruler.push("link_mentions", _link_mentions)
    return parser


def render_linked(markdown: str, links: dict[str, str], href: Callable[[str], str],
                  titles: dict[str, str]) -> str:
    """HTML of `markdown` with each surface form in `links` linked via `href(entity_id)`."""
    blocks = plain_blocks(markdown)
    if blocks is not None:  # plain paragraphs: the same HTML without the parser (racekb.model.plainmd)
        return _render_plain(blocks, _forms(list(links)), links, href, titles)
    return render_linked_by_parser(markdown, links, href, titles)


def render_linked_by_parser(markdown: str, links: dict[str, str], href: Callable[[str], str],
                            titles: dict[str, str]) -> str:
    """`render_linked` by markdown-it-py, for any Markdown."""
    return _parser().render(markdown, {_ENV_KEY: (_forms(list(links)), links, href, titles)})


def _render_plain(blocks: list[list[str]], forms: list[str], links: dict[str, str],
                  href: Callable[[str], str], titles: dict[str, str]) -> str:
    """What markdown-it-py and `_link_mentions` make of plain paragraphs: each line one text
    token (lines are joined by soft breaks), its mentions linked, everything escaped.

    The mentions are found in one pass over the whole body, its lines joined by newlines, rather
    than line by line (a release has some forty forms and twenty lines: each form was looked for
    in every line). A newline is not a word character and lines have no white space at their
    ends, so a form without a newline matches there exactly where it matches within one line,
    never across two, and a form with one never matches a single line."""
    text = "\n".join([line for lines in blocks for line in lines])
    forms = [form for form in forms if "\n" not in form]
    mentions = find_mentions(text, forms) if forms else []
    out: list[str] = []
    opened: dict[str, str] = {}  # entity id -> its links' opening tag: a release names most entities often
    m, at = 0, 0
    for lines in blocks:
        end = at + sum(map(len, lines)) + len(lines) - 1  # the paragraph is text[at:end]
        out.append("<p>")
        pos = at
        while m < len(mentions) and mentions[m][0] < end:
            start, stop = mentions[m]
            m += 1
            out.append(html_escape(text[pos:start]))
            surface = text[start:stop]
            eid = links[surface]
            tag = opened.get(eid)
            if tag is None:
                tag = opened[eid] = "".join(('<a href="', html_escape(href(eid)), '" class="mention" data-entity="',
                                             html_escape(eid), '" title="', html_escape(titles.get(eid, "")), '">'))
            out += [tag, html_escape(surface), "</a>"]
            pos = stop
        out.append(html_escape(text[pos:end]))
        out.append("</p>\n")
        at = end + 1
    return "".join(out)
