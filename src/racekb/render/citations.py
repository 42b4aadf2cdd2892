"""Sources of an entity page's "Facts and evidence", each release listed once and cited by number.

Why: a release that states ten facts of a driver was linked, title and all, in ten rows in a row,
and a fact stated in five releases listed their dates beside it. Now each row cites its releases
by number ("Stated in 3 releases: [1] [4] [5]") and one numbered list under the table links each
release once, in the order the rows first cite them, as a reference work's notes do.
"""

from __future__ import annotations

from racekb.model.graph import Release


def cite(rows: list[dict]) -> tuple[list[dict], list[Release]]:
    """The rows (reference.fact_rows), each given `cites` (the numbers of the releases it shows:
    the evidence's release first, then up to ALSO_SOURCES others) and `cites_more` (how many
    more state it), and the releases those numbers stand for, number 1 first."""
    numbers: dict[str, int] = {}
    sources: list[Release] = []
    for row in rows:
        cites = []
        for release in [row["release"], *row["also"]]:
            n = numbers.get(release.id)
            if n is None:
                sources.append(release)
                n = numbers[release.id] = len(sources)
            cites.append(n)
        row["cites"] = cites
        row["cites_more"] = row["also_more"]
        row.setdefault("count", len(cites) + row["also_more"])
    return rows, sources
