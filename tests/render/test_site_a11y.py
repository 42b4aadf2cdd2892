"""Accessibility basics on every built page, without a browser: language, landmarks, headings in
order, links that say where they go, labelled fields, and WCAG AA contrast for the stylesheet's
colour pairs in light and dark."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from racekb.model.site import static_dir

GENERIC = {"click here", "here", "more", "read more", "link", "this"}


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.links: list[str] = []
        self.labels: set[str] = set()
        self._link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in a:
            self._link = [a.get("aria-label", "")]
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(" ".join("".join(self._link).split()))
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link.append(data)


def outline(path) -> Outline:
    o = Outline()
    o.feed(path.read_text(encoding="utf-8"))
    return o


def test_every_page_has_lang_landmarks_ordered_headings_and_named_links(seed_site):
    for path in seed_site.pages():
        o = outline(path)
        name = path.relative_to(seed_site.build)
        html_tag = next(a for t, a in o.tags if t == "html")
        assert html_tag.get("lang") == "en", name
        tags = [t for t, _ in o.tags]
        assert tags.count("main") == 1 and "header" in tags and "footer" in tags and "nav" in tags, name
        assert any(t == "form" and a.get("role") == "search" for t, a in o.tags), name
        assert o.headings[0] == 1, name
        for before, after in zip(o.headings, o.headings[1:]):
            assert after <= before + 1, f"{name}: h{before} then h{after}"
        for text in o.links:
            assert text and text.casefold() not in GENERIC, f"{name}: link text {text!r}"
        for tag, a in o.tags:
            if tag == "input" and a.get("type") != "hidden":
                assert a.get("id") in o.labels, f"{name}: input {a.get('id')} has no label"
            if tag == "nav":
                assert a.get("aria-label"), f"{name}: a nav without a name"


def _vars(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", block))


def palettes() -> dict[str, dict[str, str]]:
    css = (static_dir() / "style.css").read_text()
    light = _vars(re.search(r":root\s*{([^}]*)}", css).group(1))
    dark = _vars(re.search(r"prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{([^}]*)}", css).group(1))
    return {"light": light, "dark": {**light, **dark}}


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# (text, background): every pairing the stylesheet uses for text
PAIRS = [("fg", "bg"), ("fg", "card"), ("muted", "bg"), ("muted", "card"), ("muted", "chip"), ("link", "bg"),
         ("link", "card"), ("link", "chip"), ("accent", "card"), ("bg", "link"), ("fg", "chip"), ("link", "mark"), ("fg", "mark")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("fg,bg", PAIRS)
def test_colour_contrast_meets_wcag_aa(scheme, fg, bg):
    colours = palettes()[scheme]
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= 4.5, f"{scheme}: --{fg} on --{bg} is {ratio:.2f}:1"


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
