"""Fuzzed: generated seeds (odd Unicode, huge lines, stray markup, control characters, raw bytes)
thrown at load and extract. The only exception allowed is racekb's own RacekbError, with a message
that names the file. Plus the properties the loader promises: plain text survives its trip through
Markdown, records round-trip, slugs are always safe.

Bounded (max_examples, sizes) so the suite stays fast; run with HYPOTHESIS_PROFILE=long for more.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from racekb.model.errors import RacekbError
from racekb.load.seeds import Seed, read_seed
from racekb.extract.release import extract_record
from racekb.load.records import Record, dump_record, read_record
from racekb.model.site import Site
from racekb.model.slug import RESERVED, slugify
from racekb.model.text import clean_text, markdown_paragraphs, plain_to_markdown

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


# --- issue 13: records with YAML escapes, templates, command-line arguments ---------------------
# Each target is a plain function (check_*) that returns normally or raises AssertionError for a
# broken promise; any other exception is a traceback racekb let through. The @given tests below
# run them at the suite's size; benchmarks/fuzz_profile.py runs them 10,000 times and counts.

ESCAPES = st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "\\x00", "\\0", "\\e", "\\a", "\\b", "\\x1b[31m", "\\x85",
                           "\\N", "\\_", "\\L", "\\P", "\\u202e", "\\uffff", "\\U0001F3CE", "\\t", "\\n", "\\\\", '\\"',
                           "\\x7f", "\\x9b"])
QUOTED = st.lists(ESCAPES | WORDS.filter(lambda w: '"' not in w and "\\" not in w), max_size=8).map(
    lambda parts: '"' + "".join(parts) + '"')
ESCAPED_RECORD = st.builds(
    lambda title, city, names, body: (f"---\ntitle: {title}\ndate: 2023-10-19\ncity: {city}\nentities:\n  driver:\n"
                                      + "".join(f"  - {n}\n" for n in names) + "---\n\n" + body),
    QUOTED, QUOTED, st.lists(QUOTED, min_size=1, max_size=3), TEXT.map(lambda t: t or "x"))
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def check_record(text: str) -> None:
    """A record read or refused; one read is plain text with nothing a page, a feed or the record
    writer cannot hold (no lone surrogate, no control character)."""
    path = ROOT / "2023-10-19-escaped.md"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        record = read_record(path)
    except RacekbError as exc:
        assert exc.message.strip() and exc.path == str(path) and "\n" not in str(exc)
        return
    for value in [record.title, record.city, record.body, *(n for ns in record.entities.values() for n in ns)]:
        assert not _BAD_CHARS.search(value), repr(value)
    dump_record(record).encode("utf-8")  # writable


@given(ESCAPED_RECORD | RECORD_TEXT)
def test_records_with_yaml_escapes_are_read_clean_or_refused(text):
    check_record(text)


JINJA_BITS = st.sampled_from([
    "{{ ", " }}", "{% ", " %}", "{# ", " #}", "entity.name", "entity", "release", "page_url", "href('x/')", "root",
    "nope", ".x", "[0]", "|e", "|length", "|upper", "|nofilter", "|join(', ')", "(", ")", "1/0", "1 + 'a'",
    "for x in entity.aliases", "endfor", "if entity", "else", "endif", "block main", "endblock",
    'extends "base.html"', 'include "missing.html"', 'include "_macros.html"', 'import "_macros.html" as m',
    "macro f()", "endmacro", "f()", "set y = 1", "range(3)", "loop.index", "super()", "raw", "endraw", "'",
    '"', "\n", "<p>", "</p>", "&", "\ud7ff", "\x00", "\ufeff", "x", "caller()", "self", "varargs", "None.x",
    "[1,2][5]", "{'a': 1}['b']", "lipsum()", "cycler()", "namespace()", "dict(a=1)|dictsort", "9999999999999999999"])
TEMPLATE_TEXT = st.lists(JINJA_BITS | WORDS, max_size=30).map("".join)


def check_template(text: str) -> None:
    """A site's entity.html of any text renders, or fails with a RacekbError naming
    templates/entity.html (never an internal error)."""
    from racekb.incremental.pagekeys import template_key
    from racekb.render.pages import SiteRenderer

    graph = _template_graph()
    (TEMPLATE_SITE / "templates" / "entity.html").write_bytes(text.encode("utf-8", "surrogatepass"))
    renderer = SiteRenderer(graph, Site.at(TEMPLATE_SITE))
    entity = next(iter(sorted(renderer.graph.entities.values(), key=lambda e: e.id)))
    for step in (lambda: template_key(renderer.env, "entity.html"), lambda: renderer.entity_page(entity)):
        try:
            step()
        except RacekbError as exc:
            assert "templates/entity.html" in str(exc) or "racekb's default templates" in str(exc), str(exc)
            assert "\n" not in str(exc)


TEMPLATE_SITE = ROOT / "template-site"


@functools.lru_cache(maxsize=1)
def _template_graph():
    """The graph of the repository's first seed, resolved once (what a fuzzed template renders)."""
    from racekb.resolve.resolver import ReleaseInput, resolve
    from racekb.resolve.curation import Curation

    (TEMPLATE_SITE / "templates").mkdir(parents=True, exist_ok=True)
    seed = read_seed(Path(__file__).resolve().parents[1] / "seeds" / "000_802851e128db9d46.txt", ROOT)
    record = Record(id=seed.wanted_id, title=seed.title, date=seed.date, body=seed.body, source=seed.source)
    state = extract_record(record)
    names: dict[str, list[str]] = {}
    for etype, name in state.entities():
        names.setdefault(etype, []).append(name)
    return resolve([ReleaseInput(record, state, names)], Curation([]))


@settings(max_examples=40 if not LONG else 400)
@given(TEMPLATE_TEXT)
def test_any_template_renders_or_names_itself(text):
    check_template(text)


CLI_TOKENS = st.sampled_from([
    "build", "check", "extract", "init", "-C", "--out", "--base-url", "-j", "--jobs", "--port", "--json", "--strict",
    "-q", "--keep-going", "--no-cache", "--timings", "--help", "--version", "site", "seeds/a.txt", "nowhere", "",
    "-", "--", "0", "-1", "1", "99999", "2", "x", "https://example.org/", "javascript:alert(1)", "http://[::1",
    "a\nb", "\x1b[2J", "\ud800", "..", ".", "/", "site/build", "site/seeds", "site/seeds/x", "out", "-C=site",
    "--base-url=https://a.b", "--jobs=400", "%2e%2e", "con", "nul", "site/content/releases"])


def check_cli(argv: list[str]) -> None:
    """Any command line gives an exit code and a one-line message, never an internal error."""
    import contextlib
    import io

    from racekb.cli import main

    err = io.StringIO()
    here = os.getcwd()
    os.chdir(CLI_ROOT)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(here)
    assert code in (0, 1, 2), (argv, code, err.getvalue())
    assert "internal error" not in err.getvalue(), (argv, err.getvalue())


CLI_ROOT = ROOT / "cli"


def _cli_site() -> None:
    (CLI_ROOT / "site" / "seeds").mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "seeds" / "000_802851e128db9d46.txt",
                CLI_ROOT / "site" / "seeds" / "a.txt")


_cli_site()
CLI_ARGS = st.builds(lambda verb, at_site, rest: [verb] + (["-C", "site"] if at_site else []) + rest,
                     st.sampled_from(["build", "build", "check", "extract", "init", "--version", "serve?", ""]),
                     st.booleans(), st.lists(CLI_TOKENS | st.text(max_size=6), max_size=6))


@settings(max_examples=40 if not LONG else 400)
@given(CLI_ARGS)
def test_any_command_line_is_answered_without_internal_error(argv):
    check_cli(argv)
