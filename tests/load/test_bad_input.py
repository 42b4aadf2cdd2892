"""Bad seeds: each gets one line naming the file (and line), exit 1, no traceback, nothing written;
with --keep-going the rest of the site builds and the bad ones are listed at the end.
Hostile but valid seeds (markup, template syntax, YAML specials, path tricks) build safely.

Most cases run `racekb.cli.main` in-process (fast); one runs the real command in a child
process to show the user never sees a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from racekb.cli import main
from racekb.load.seeds import MAX_SEED_BYTES
from racekb.load.records import dump_record, read_record

FIXTURES = Path(__file__).resolve().parent / "bad_seeds"
ERRORS = FIXTURES / "errors"
HOSTILE = FIXTURES / "hostile"
GOOD_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt"


def generated() -> dict[str, bytes]:
    """Bad seeds made here rather than stored: binary junk and a 20 MB release."""
    body = GOOD_SEED.read_bytes().split(b"\n", 1)[1]
    return {
        "binary.txt": bytes(range(256)) * 40,
        "png_renamed.txt": b"\x89PNG\r\n\x1a\n" + bytes([7, 8, 1, 2, 3, 250, 251]) * 1000,
        "utf16.txt": "date 2023-10-19 Hello\n\nWorld text.\n".encode("utf-16"),
        "huge_20mb.txt": b"date 2023-10-19 Huge release\n\n" + (body * 6000)[: 20 * 1024 * 1024],
        "cp1252_quote.txt": b"date 2023-10-19 Quotes\n\nLine two.\n\nHe said \x93fast\x94.\n",
    }


# name -> (line or None, pattern the message must match)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "empty.txt": (None, r"empty file"),
    "blank_lines.txt": (None, r"empty file"),
    "no_date_line.txt": (1, r"first line must be `date YYYY-MM-DD Headline`, not 'Champions to form roster'"),
    "malformed_date.txt": (1, r"date '19/10/2023' is not in the form YYYY-MM-DD"),
    "impossible_date.txt": (1, r"date '2023-02-30' is not a real date \(day is out of range for month\)"),
    "no_headline.txt": (1, r"no headline after the date"),
    "no_body.txt": (2, r"headline but no text"),
    "latin1.txt": (1, r"not UTF-8: byte 0xe9 at byte offset 19 \(invalid continuation byte; "
                      r"Latin-1 or Windows-1252\?\); save the file as UTF-8"),
    "cp1252_quote.txt": (5, r"not UTF-8: byte 0x93 at byte offset 43 \(invalid start byte"),
    "broken_yaml.md": (3, r"front matter is not valid YAML: .*quoted scalar that starts on line 2"),
    "broken_yaml_indent.md": (4, r"front matter is not valid YAML: mapping values are not allowed"),
    "yaml_not_mapping.md": (2, r"front matter must be `key: value` lines"),
    "yaml_missing_date.md": (1, r"front matter needs 'date'"),
    "yaml_impossible_date.md": (3, r"date '2023-02-30' is not a real date"),
    "yaml_python_tag.md": (2, r"'title' must be text, not a list"),
    "yaml_blank_title.md": (2, r"front matter needs 'title' \(it is blank\)"),  # found by the fuzzer
    "binary.txt": (None, r"binary file, not a press release"),
    "png_renamed.txt": (None, r"binary file, not a press release"),
    "utf16.txt": (1, r"the file is UTF-16 .*; save it as UTF-8"),
    "huge_20mb.txt": (None, rf"20,480 KB is over the {MAX_SEED_BYTES // 1024} KB limit for one release"),
}


def all_bad() -> dict[str, bytes]:
    out = {p.name: p.read_bytes() for p in sorted(ERRORS.iterdir())}
    out.update(generated())
    assert set(out) == set(EXPECTED), "every bad seed needs an expected message"
    return out


def site_with(tmp: Path, seeds: dict[str, bytes]) -> Path:
    (tmp / "seeds").mkdir(parents=True)
    shutil.copy(GOOD_SEED, tmp / "seeds" / GOOD_SEED.name)
    for name, data in seeds.items():
        (tmp / "seeds" / name).write_bytes(data)
    return tmp


def build(root: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["build", "-C", str(root), *extra])
    got = capsys.readouterr()
    return code, got.out, got.err.replace(f"{root}/", "")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_seed_gets_one_line_and_nothing_is_written(name, tmp_path, capsys):
    root = site_with(tmp_path, {name: all_bad()[name]})
    code, _, err = build(root, capsys)
    assert code == 1, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    line, pattern = EXPECTED[name]
    where = f"seeds/{name}:{line}: " if line else f"seeds/{name}: "
    assert errors[0].startswith("error: " + where), errors[0]
    assert re.search(pattern, errors[0]), errors[0]
    assert "Traceback" not in err
    assert not (root / "build").exists(), "a failed build must not write the site"
    assert not (root / "content").exists(), "a failed build must not write records"


def test_keep_going_builds_the_rest_and_lists_the_bad_ones_last(tmp_path, capsys):
    bad = all_bad()
    root = site_with(tmp_path, bad)
    code, out, err = build(root, capsys, "--keep-going")
    assert code == 1, err
    assert out.startswith("built 1 release,")
    graph = json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in graph["releases"]] == [f"seeds/{GOOD_SEED.name}"]
    lines = err.strip().splitlines()
    assert lines[-1] == f"racekb: {len(bad)} input(s) left out of the site; fix them and build again"
    listed = lines[-1 - len(bad):-1]
    assert all(line.startswith("skipped: seeds/") for line in listed), err
    assert sorted(line.split(":")[1].strip() for line in listed) == sorted(f"seeds/{n}" for n in bad)


def test_real_command_never_shows_a_traceback(tmp_path, cli):
    root = site_with(tmp_path, all_bad())
    run = cli("build", "-C", root)
    assert run.code == 1, str(run)
    assert "Traceback" not in run.err
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(EXPECTED), str(run)
    assert run.err.strip().splitlines()[-1].endswith("nothing was written to the site")


def test_a_broken_hand_edited_record_names_its_line(tmp_path, capsys):
    root = site_with(tmp_path, {})
    assert build(root, capsys)[0] == 0
    record = next((root / "content" / "releases").glob("*.md"))
    text = record.read_text(encoding="utf-8").replace("date: 2023-10-19", "date: 2023-13-01")
    record.write_text(text, encoding="utf-8")
    code, _, err = build(root, capsys)
    assert code == 1
    assert f"error: content/releases/{record.name}:3: date '2023-13-01' is not a real date" in err


def test_a_file_that_is_not_a_seed_is_named_not_dropped_silently(tmp_path, capsys):
    root = site_with(tmp_path, {"photo.jpg": b"\xff\xd8\xff"})
    code, _, err = build(root, capsys)
    assert code == 0
    assert "warning: seeds/photo.jpg: not read (seeds are .txt, .md or .markdown files)" in err


# --- hostile but valid seeds ---------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        self.handlers += [(tag, k) for k in attrs if k.startswith("on")]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts[-1]["inline"] = data
        elif not self._in_script:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "seeds").mkdir()
    for path in [GOOD_SEED, *sorted(HOSTILE.iterdir())]:
        shutil.copy(path, root / "seeds" / path.name)
    assert main(["build", "-C", str(root), "-q"]) == 0
    return root


MARKUP_TITLE = ("<script>alert(\"x\")</script> O'Ward's \"big\" {{ 7*7 }} --- win: & *anchor !tag |pipe "
                ">fold %dir @at `tick` #hash")
YAML_TITLE = "yes: no — null ~ &a *a !!str {{ x }} --- '' \" <script>x</script>"


def test_hostile_titles_survive_exactly_in_records_and_graph(hostile_site):
    records = {read_record(p).title: p for p in (hostile_site / "content" / "releases").glob("*.md")}
    assert MARKUP_TITLE in records and YAML_TITLE in records
    for path in records.values():
        text = path.read_text(encoding="utf-8")
        assert dump_record(read_record(path)) == text, "a record must round-trip byte for byte"
        meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert isinstance(meta, dict) and isinstance(meta["title"], str)  # valid for any YAML reader
    graph = json.loads((hostile_site / "build" / "graph.json").read_text(encoding="utf-8"))
    assert {MARKUP_TITLE, YAML_TITLE} <= {r["title"] for r in graph["releases"]}


def test_no_page_or_export_carries_live_markup(hostile_site):
    build_dir = hostile_site / "build"
    pages = sorted(build_dir.rglob("*.html"))
    assert pages
    shown = ""
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = Tags()
        parser.feed(html)
        assert not parser.handlers, (page, parser.handlers)
        for script in parser.scripts:
            inline = script.get("inline", "")
            assert "<" not in inline, page  # data in a script can never close it or open another
            if inline:
                assert script.get("type") in ("application/ld+json", "application/json"), page  # data only
                json.loads(inline)
            assert "alert" not in script.get("src", ""), page
        assert "49" not in html or "{{ 7*7 }}" in "".join(parser.text), page  # templates never ran
        shown += "".join(parser.text)
    assert MARKUP_TITLE in shown and YAML_TITLE in shown, "the titles are shown as written"
    assert '<script>alert("md body")</script>' in shown
    assert "<img src=x onerror=alert(1)>" in shown
    for path in sorted(build_dir.rglob("*")):
        if path.suffix == ".xml":
            ET.parse(path)  # well-formed despite the markup in titles
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8").lower()
            assert "<script" not in text and "</script" not in text, path


def test_path_tricks_stay_inside_the_site(hostile_site):
    ids = sorted(p.stem for p in (hostile_site / "content" / "releases").glob("*.md"))
    assert "2023-10-20-etc-passwd" in ids
    assert "2023-10-21-con-page" in ids
    assert "2023-10-22-untitled" in ids
    for rid in ids:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*", rid), rid
        assert (hostile_site / "build" / "releases" / rid / "index.html").is_file()
    outside = sorted(p.name for p in hostile_site.iterdir())
    assert outside == [".racekb", "build", "content", "seeds"]


def test_colliding_slugs_get_distinct_stable_addresses(tmp_path, capsys):
    a, b = HOSTILE / "collide_a.txt", HOSTILE / "collide_b.txt"
    root = site_with(tmp_path, {a.name: a.read_bytes(), b.name: b.read_bytes()})
    assert build(root, capsys)[0] == 0

    def ids() -> dict[str, str]:
        return {read_record(p).source: p.stem for p in (root / "content" / "releases").glob("*.md")}

    first = ids()
    assert first["seeds/collide_a.txt"] == "2023-10-24-same-headline-twice"
    assert first["seeds/collide_b.txt"] == "2023-10-24-same-headline-twice-2"
    assert build(root, capsys)[0] == 0
    assert ids() == first
    # a third one that sorts first arrives later: the first two keep their addresses
    (root / "seeds" / "collide_0.txt").write_bytes(b.read_bytes().replace(b"Colin Braun", b"Tom Long"))
    assert build(root, capsys)[0] == 0
    third = ids()
    assert {k: third[k] for k in first} == first
    assert third["seeds/collide_0.txt"] == "2023-10-24-same-headline-twice-3"
    graph = json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))
    urls = [r["url"] for r in graph["releases"]]
    assert len(urls) == len(set(urls)) == 4
    for url in urls:
        assert (root / "build" / url / "index.html").is_file()


def test_the_size_limit_is_exact(tmp_path):
    from racekb.model.errors import RacekbError
    from racekb.load.seeds import read_bytes
    at, over = tmp_path / "at.txt", tmp_path / "over.txt"
    at.write_bytes(b"x" * MAX_SEED_BYTES)
    over.write_bytes(b"x" * (MAX_SEED_BYTES + 1))
    assert len(read_bytes(at)) == MAX_SEED_BYTES
    with pytest.raises(RacekbError, match=rf"over the {MAX_SEED_BYTES // 1024} KB limit"):
        read_bytes(over)


def test_file_names_that_cannot_be_shown_are_refused(tmp_path, capsys):
    import os
    root = site_with(tmp_path, {})
    body = (HOSTILE / "traversal_title.txt").read_bytes()
    seeds = os.fsencode(root / "seeds")
    for name in (b"bad\xffname.txt", b"new\nline.txt"):
        with open(os.path.join(seeds, name), "wb") as handle:
            handle.write(body)
    code, _, err = build(root, capsys)
    assert code == 1
    assert "error: seeds/bad\\xffname.txt: the file name is not valid UTF-8; rename the file" in err
    assert "error: seeds/new\\x0aline.txt: the file name holds a control character" in err
    assert "Traceback" not in err and not (root / "content").exists()


def test_a_crash_inside_extraction_is_one_line_naming_the_release(tmp_path, capsys, monkeypatch):
    import racekb.extract.release
    real = racekb.extract.release.extract_record

    def flaky(record):
        if "etc/passwd" in record.title:
            raise ZeroDivisionError("a rule divided by zero")
        return real(record)

    monkeypatch.setattr(racekb.extract.release, "extract_record", flaky)
    root = site_with(tmp_path, {"traversal_title.txt": (HOSTILE / "traversal_title.txt").read_bytes()})
    code, _, err = build(root, capsys, "-j", "1", "--no-cache")
    assert code == 1 and "Traceback" not in err
    assert ("error: seeds/traversal_title.txt: extraction failed (ZeroDivisionError: a rule "
            "divided by zero); this is a racekb bug, please report it with this file") in err
    assert not (root / "build").exists()
    code, out, err = build(root, capsys, "-j", "1", "--no-cache", "--keep-going")
    assert code == 1 and out.startswith("built 1 release,")
    assert "skipped: seeds/traversal_title.txt: extraction failed" in err
    # once its record exists, the record is the file to look at
    monkeypatch.setattr(racekb.extract.release, "extract_record", real)
    assert build(root, capsys, "-j", "1", "--no-cache")[0] == 0
    monkeypatch.setattr(racekb.extract.release, "extract_record", flaky)
    code, _, err = build(root, capsys, "-j", "1", "--no-cache")
    assert code == 1 and "error: content/releases/2023-10-20-etc-passwd.md: extraction failed" in err


def test_control_characters_and_terminal_codes_are_dropped_not_fatal(tmp_path, capsys):
    seed = (b"date 2023-10-19 Bell\x07 and \x1b[31mred\x1b[0m title\r\n\r\nDETROIT (Oct. 19, 2023) \x1b[1m-\x1b[0m "
            b"Text with \x01\x02 and \x7f.\xc2\x85Next line \xe2\x80\xa8and \xef\xbf\xbe more.\n")
    root = site_with(tmp_path, {"control.txt": seed})
    code, _, err = build(root, capsys)
    assert code == 0, err
    record = read_record(root / "content" / "releases" / "2023-10-19-bell-and-red-title.md")
    assert record.title == "Bell and red title"
    assert record.body == "DETROIT (Oct. 19, 2023) - Text with and . Next line and more.\n"
