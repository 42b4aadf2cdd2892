"""Fuzzed: generated seeds (odd Unicode, huge lines, stray markup, control characters, raw bytes)
thrown at load and extract. The only exception allowed is racekb's own RacekbError, with a message
that names the file. Plus the properties the loader promises: plain text survives its trip through
Markdown, records round-trip, slugs are always safe.

Bounded (max_examples, sizes) so the suite stays fast; run with HYPOTHESIS_PROFILE=long for more.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from racekb.errors import RacekbError
from racekb.load import Seed, read_seed
from racekb.pipeline import extract_record
from racekb.records import Record, dump_record, read_record
from racekb.slug import RESERVED, slugify
from racekb.text import clean_text, markdown_paragraphs, plain_to_markdown

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
settings.register_profile("racekb", max_examples=1000 if LONG else 100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("racekb")

MARKUP = ["<script>alert(1)</script>", "{{ x }}", "{% raw %}", "---", "***", "# ", "> ", "1. ", "- ", "`",
          "[a](b)", "![i](x)", "<!--", "-->", "&amp;", "&#0;", "\\", "|a|b|", "~~~", "```", "    code",
          ": ", "&a ", "*a ", "!!python/object ", "'", '"', "No. 31", "Jr.", "’s", "–", "\u200b", "\u202e",
          "\ufeff", "\U0001F3CE", "Ⅻ", "ǅ", "ﬁ", "İ", "ß", "\u0301", "Tom Blomqvist", "Meyer Shank Racing",
          "IMSA WeatherTech SportsCar Championship", "Cadillac V-Series.R", "2023", "Oct. 19, 2023",
          "DETROIT (Oct. 19, 2023) – ", ". ", ", ", "\n", "\n\n", "\r\n", "\t", "\x00", "\x07", "\x1b[31m",
          "\x85", "\u2028", "\ud7ff", "\U0010ffff"]
WORDS = st.one_of(st.sampled_from(MARKUP),
                  st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
                  st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True))
TEXT = st.one_of(st.lists(WORDS, max_size=80).map(" ".join),
                 st.lists(WORDS, max_size=40).map("".join),
                 st.builds(lambda w, n: w * n, st.sampled_from(["Aa ", "x", "No. 1 ", "Tom Blomqvist, "]),
                           st.integers(1, 3000)))  # one huge line
FIRST_LINE = st.one_of(
    st.builds(lambda d, t: f"date {d} {t}", st.dates().map(dt.date.isoformat), TEXT),
    st.builds(lambda d, t: f" date {d} {t}", st.text(max_size=12), TEXT),
    st.builds(lambda t, d: f"---\ntitle: {t}\ndate: {d}\n---", TEXT, st.text(max_size=12)),
    TEXT)
SEED_TEXT = st.builds(lambda first, paras: first + "\n\n" + "\n\n".join(paras), FIRST_LINE, st.lists(TEXT, max_size=6))
HEADLINE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
PARAS = st.lists(TEXT, min_size=1, max_size=6).map("\n\n".join)
DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
# Seeds shaped to load (most do), so extraction and the record round trip get real work.
VALID_SEED = st.one_of(
    st.builds(lambda d, h, p: f"date {d} {h}\n\n{p}", DATES, HEADLINE, PARAS),
    st.builds(lambda d, h, p: "---\n" + yaml.safe_dump({"title": h, "date": d.isoformat()}, allow_unicode=True)
              + "---\n\n" + p, DATES, HEADLINE, PARAS))
SEED_BYTES = st.one_of(SEED_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                       st.binary(max_size=2000),
                       st.builds(lambda t, junk, at: (lambda b: b[:at] + junk + b[at:])(t.encode("utf-8", "surrogatepass")),
                                 SEED_TEXT, st.binary(min_size=1, max_size=4), st.integers(0, 200)))

_TMP = tempfile.TemporaryDirectory(prefix="racekb-fuzz-")
ROOT = Path(_TMP.name)
(ROOT / "seeds").mkdir()


def load(data: bytes, suffix: str) -> Seed | RacekbError:
    path = ROOT / "seeds" / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        return read_seed(path, ROOT)
    except RacekbError as exc:
        assert exc.message.strip() and exc.path == str(path), exc
        assert "\n" not in str(exc), "an error is one line"
        return exc


@given(SEED_BYTES, st.sampled_from([".txt", ".md", ""]))
def test_load_raises_only_racekb_errors(data, suffix):
    got = load(data, suffix)
    if isinstance(got, Seed):
        assert got.title and got.title == " ".join(got.title.split())
        assert got.body.strip()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*", got.wanted_id), got.wanted_id


@given(VALID_SEED, st.sampled_from([".txt", ".md"]))
def test_loaded_seeds_extract_and_become_records_that_round_trip(text, suffix):
    got = load(text.encode("utf-8", "surrogatepass"), suffix)
    event(f"loaded: {type(got).__name__}")
    if not isinstance(got, Seed):
        return
    record = Record(id=got.wanted_id, title=got.title, date=got.date, body=got.body, source=got.source,
                    sha256=got.sha256, city=got.city)
    state = extract_record(record)
    record.entities = {}
    for etype, name in state.entities():
        record.entities.setdefault(etype, []).append(name)
    path = ROOT / f"{record.id}.md"
    path.write_text(dump_record(record), encoding="utf-8")
    back = read_record(path)
    assert (back.title, back.date, back.city, back.source, back.body) == (
        record.title, record.date, record.city, record.source, record.body)
    assert back.entities == {t: sorted(set(n)) for t, n in record.entities.items()}
    assert dump_record(back) == path.read_text(encoding="utf-8")


@given(TEXT, st.booleans())
def test_extract_takes_any_text(text, as_markdown):
    text = clean_text(text)
    body = text if as_markdown else plain_to_markdown(text)
    record = Record(id="x", title="t", date=dt.date(2023, 10, 19), body=body or "x\n")
    extract_record(record)  # anything but a RacekbError fails the test


@given(TEXT)
def test_plain_text_survives_markdown(text):
    text = clean_text(text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    assert markdown_paragraphs(plain_to_markdown(text)) == [p for p in paragraphs if p]


@given(st.text(st.characters(exclude_categories=("Cs",))) | st.sampled_from(MARKUP + ["../../etc", "CON", "nul.txt"]))
def test_slugs_are_always_safe(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert slug not in RESERVED and len(slug) <= 80
    assert slugify(text) == slug


YAML_BITS = st.sampled_from(["title: ", "date: ", "entities:", "  driver:", "  - ", "  team: ", "city: ", "source: ",
                             "sha256: ", "[", "]", "{", "}", "&a", "*a", "!!binary", "!!python/name:os.system",
                             "<<: *a", "? ", "|", ">", "'", '"', "\\", "2023-02-30", "2023-10-19", "~", "null",
                             "yes", "- ", "\t", "  ", "\n", "---", "...", "%YAML 1.1", "#", ": ", "x", "Tom Blomqvist"])
_GOOD_RECORD = dump_record(Record(id="r", title="Smith joins Apex Racing", date=dt.date(2024, 3, 1),
                                  body="DETROIT (March 1, 2024) – John Smith drives for Apex Racing.\n",
                                  source="seeds/a.txt", sha256="0" * 64, city="Detroit",
                                  entities={"driver": ["John Smith"], "team": ["Apex Racing"]}))


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    """A person's edits: at each place, delete a few characters and type something."""
    for at, cut, typed in edits:
        at %= len(text) + 1
        text = text[:at] + typed + text[at + cut:]
    return text


RECORD_TEXT = st.one_of(
    st.builds(lambda meta, body: "---\n" + meta + "\n---\n\n" + body,
              st.lists(YAML_BITS, max_size=60).map("".join), TEXT),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3), YAML_BITS | WORDS), max_size=4)
    .map(lambda edits: _edit(_GOOD_RECORD, edits)))


@given(RECORD_TEXT | st.binary(max_size=500).map(lambda b: b.decode("utf-8", "replace")))
def test_a_hand_edited_record_raises_only_racekb_errors(text):
    path = ROOT / "2023-10-19-edited.md"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        record = read_record(path)
    except RacekbError as exc:
        assert exc.message.strip() and exc.path == str(path) and "\n" not in str(exc)
        return
    assert isinstance(record.title, str) and record.title and isinstance(record.date, dt.date)
    assert all(isinstance(n, str) for names in record.entities.values() for n in names)
