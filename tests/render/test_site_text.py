"""What a page says about a release is the text a reader sees: no Markdown escapes, no markup."""

from __future__ import annotations

import re
from pathlib import Path

from racekb.pipeline import build
from racekb.model.site import Site


def test_descriptions_and_snippets_are_plain_text(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(
        " date 2023-10-19 Markup test\n\nThe *fastest* lap was [unofficial] <b>x</b> & more by Tom Blomqvist.\n",
        encoding="utf-8")
    build(Site.at(tmp_path))
    page = next((tmp_path / "build" / "releases").glob("*/index.html")).read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "\\" not in description
    assert description.startswith("The *fastest* lap was [unofficial] &lt;b&gt;x&lt;/b&gt; &amp; more")
    index = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "build" / "search").rglob("*.js"))
    assert "\\\\*fastest" not in index and "\\\\[unofficial" not in index
