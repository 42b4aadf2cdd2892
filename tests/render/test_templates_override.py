"""A site's templates/ overrides the packaged templates file by file; the rest still come from the
package."""

from __future__ import annotations

from pathlib import Path

ENTITY_OVERRIDE = """{% extends "base.html" %}
{% block main %}<h1 class="override">OVERRIDDEN {{ entity.name }}</h1>
<p><a href="{{ href('') }}">home</a></p>{% endblock %}
"""

BASE_OVERRIDE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
<link rel="stylesheet" href="{{ href('static/style.css') }}"></head>
<body class="house-style"><p>HOUSE BANNER</p>{% block main %}{% endblock %}</body></html>
"""


def pages(build: Path) -> dict[str, bytes]:
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*.html"))}


def build_pair(make_site, cli, templates: dict[str, str]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The same seeds built without and with a templates/ folder holding `templates`."""
    plain, custom = make_site(name="plain"), make_site(name="custom")
    (custom / "templates").mkdir()
    for name, text in templates.items():
        (custom / "templates" / name).write_text(text, encoding="utf-8")
    for root in (plain, custom):
        run = cli("build", "-C", root)
        assert run.code == 0, str(run)
    return pages(plain / "build"), pages(custom / "build")


def test_one_template_overrides_only_its_pages(make_site, cli):
    plain, custom = build_pair(make_site, cli, {"entity.html": ENTITY_OVERRIDE})
    assert plain.keys() == custom.keys()
    entity_pages = [k for k in custom if b"OVERRIDDEN" in custom[k]]
    assert "drivers/tom-blomqvist/index.html" in entity_pages
    assert b"OVERRIDDEN Tom Blomqvist" in custom["drivers/tom-blomqvist/index.html"]
    # the override still sits in the packaged base.html (its stylesheet and navigation)
    assert b"static/style.css" in custom["drivers/tom-blomqvist/index.html"]
    assert b'href="../../index.html"' in custom["drivers/tom-blomqvist/index.html"]
    # every page not made from entity.html is exactly what the packaged templates make
    others = [k for k in plain if k not in entity_pages]
    assert "index.html" in others and "drivers/index.html" in others
    assert [k for k in others if plain[k] != custom[k]] == []
    # and every entity page (and only those) used the override
    assert all(k.count("/") == 2 and not k.startswith("releases/") for k in entity_pages)


def test_base_template_override_reaches_every_page(make_site, cli):
    plain, custom = build_pair(make_site, cli, {"base.html": BASE_OVERRIDE})
    assert plain.keys() == custom.keys()
    assert b"HOUSE BANNER" in custom["index.html"]
    assert b"HOUSE BANNER" in custom["drivers/tom-blomqvist/index.html"]
    # the packaged entity.html still fills the page
    assert b"Tom Blomqvist" in custom["drivers/tom-blomqvist/index.html"]
    assert not any(b"HOUSE BANNER" in page for page in plain.values())


def test_override_with_a_template_error_names_the_file(make_site, cli):
    root = make_site()
    (root / "templates").mkdir()
    (root / "templates" / "entity.html").write_text("{% block main %}{{ entity.name }\n", encoding="utf-8")
    run = cli("build", "-C", root)
    assert run.code != 0, str(run)
    assert "entity.html" in run.err, str(run)
