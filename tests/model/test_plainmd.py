"""The parser-free reading of plain paragraphs (racekb.model.plainmd) against markdown-it-py itself: the
paragraphs and the linked HTML must be the same for every body it accepts, and it must accept the
bodies racekb writes from plain-text seeds (or it saves nothing)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from racekb.render.linker import render_linked, render_linked_by_parser
from racekb.model.plainmd import plain_blocks
from racekb.model.text import _parse_paragraphs, clean_text, paragraphs_by_parser, plain_to_markdown

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED_TEXTS = sorted(SHARED.glob("corpus/*/*.txt")) + sorted(SHARED.glob("seeds/*.txt"))


def _href(eid: str) -> str:
    return f"../{eid}/?a=1&b=\"2\""


def same_everywhere(markdown: str, links: dict[str, str]) -> None:
    titles = {eid: f"{eid} <t> & 'x'" for eid in links.values()}
    assert _parse_paragraphs(markdown) == paragraphs_by_parser(markdown), markdown
    assert (render_linked(markdown, links, _href, titles)
            == render_linked_by_parser(markdown, links, _href, titles)), markdown


@pytest.mark.parametrize("markdown, plain", [
    ("One.\n\nTwo, three.\n", True),
    ("Line one\nline two\n\n   \n\nnext", True),
    ("Escapes: \\* \\_ \\[x\\] \\< \\& \\\\ \\# and 5 \\> 4 \"q\" 'a'", True),
    ("\\# not a heading\n\n1\\. not a list", True),
    ("", True),
    ("# Heading", False),
    ("- item", False),
    ("1. item", False),
    ("10) item", False),
    ("*emphasis*", False),
    ("a_b", False),
    ("`code`", False),
    ("[link](x)", False),
    ("<http://x.test>", False),
    ("AT&T", False),
    ("&amp;", False),
    ("    indented code", False),
    ("text  \nhard break", False),
    ("text\\\nhard break", False),
    ("tab\there", False),
    ("cr\r\nlf", False),
    ("para\n===", False),
    ("para\n---", False),
    ("nbsp \u00a0\nnext", False),
    ("\u00a0lead", False),
    ("a \\\\* b", False),  # an escaped backslash, then a real asterisk
])
def test_plain_or_not(markdown: str, plain: bool) -> None:
    assert (plain_blocks(markdown) is not None) is plain
    same_everywhere(markdown, {"two": "driver/two", "x": "team/x"})


def test_mentions_are_linked_per_line_and_escaped() -> None:
    body = "Tom Blomqvist won.\nBlomqvist & Tom\\<b\\> said \"yes\".\n\nTom\nBlomqvist"
    links = {"Tom Blomqvist": "driver/tom-blomqvist", "Blomqvist": "driver/tom-blomqvist"}
    same_everywhere(body, links)
    html = render_linked(body, links, _href, {"driver/tom-blomqvist": "Tom Blomqvist (driver)"})
    assert html.count('class="mention"') == 3  # "Tom\nBlomqvist" spans a soft break: not one mention
    assert "&amp; Tom&lt;b&gt; said &quot;yes&quot;" in html


def test_a_form_never_spans_lines_or_paragraphs() -> None:
    """The parser-free path searches the whole body at once, its lines joined by newlines: a form
    holding a newline must still match nowhere, and a match must not run into the next line."""
    body = "Tom\nBlomqvist won.\n\nBlomqvist\nTom Blomqvist"
    links = {"Tom\nBlomqvist": "driver/a", "Blomqvist\n\nBlomqvist": "driver/b", "Tom": "driver/tom",
             "Blomqvist won.": "driver/c"}
    same_everywhere(body, links)
    html = render_linked(body, links, _href, {})
    assert html.count('class="mention"') == 3
    assert 'data-entity="driver/a"' not in html and 'data-entity="driver/b"' not in html


def test_random_texts_agree_with_the_parser() -> None:
    rng = random.Random(11)
    pieces = ["Tom", " ", "Blomqvist", "No. 31", ".", ",", "\n", "\n\n", "\n \n", "\\", "\\*", "*", "_", "#",
              "-", "1.", "2)", "&", "<", ">", "\"", "'", "[", "]", "(", ")", "`", "!", "é", "\u00a0", "=", "  ",
              "Rolex 24", "\\#", "\\&", ":"]
    links = {"Tom": "driver/tom", "Blomqvist": "driver/tom", "No. 31": "car/31", "Rolex 24": "event/r24",
             "é": "team/e"}
    accepted = 0
    for _ in range(4000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        accepted += plain_blocks(body) is not None
        same_everywhere(body, links)
    assert accepted > 400  # the random texts do exercise the parser-free path


@pytest.mark.skipif(not SEED_TEXTS, reason="../shared (the corpus of real releases) is not beside the checkout")
def test_real_releases_take_the_fast_path_and_agree() -> None:
    for path in SEED_TEXTS:
        body = plain_to_markdown(clean_text(path.read_text(encoding="utf-8")))
        assert plain_blocks(body) is not None, path
        words = body.split()
        links = {w: f"driver/{n}" for n, w in enumerate(dict.fromkeys(words[3:40:4])) if w.isalpha()}
        same_everywhere(body, links)
