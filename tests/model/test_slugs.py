"""Slugs: the path-safe, stable part of every address; clashes settled the same way every time."""

from __future__ import annotations

import pytest

from racekb.model.slug import RESERVED, slugify, unique_slugs


@pytest.mark.parametrize("text, slug", [
    ("Tom Blomqvist", "tom-blomqvist"),
    ("Sergio Pérez", "sergio-perez"),
    ("O'Ward", "oward"),
    ("Pato O’Ward", "pato-oward"),
    ("No. 31 Whelen Cadillac V-Series.R", "no-31-whelen-cadillac-v-series-r"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "untitled"),
    ("", "untitled"),
    ("☃☃☃ ???", "untitled"),
    ("CON", "con-page"),
    ("nul", "nul-page"),
    ("COM1", "com1-page"),
    ("LPT9", "lpt9-page"),
    ("index", "index-page"),
    ("Index", "index-page"),
    ("static", "static-page"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("{{ 7*7 }}", "7-7"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_a_long_name_is_cut_on_a_word_and_never_ends_in_a_hyphen():
    slug = slugify("word " * 40, max_words=40)
    assert len(slug) <= 80 and not slug.endswith("-")


def test_reserved_names_never_come_out():
    assert not {slugify(name) for name in RESERVED} & RESERVED


def test_clashes_get_numbers_in_a_stable_order():
    keys = [("seeds/b.txt", "x"), ("seeds/a.txt", "x"), ("seeds/c.txt", "y")]
    got = unique_slugs(keys)
    assert got == {"seeds/a.txt": "x", "seeds/b.txt": "x-2", "seeds/c.txt": "y"}
    assert unique_slugs(list(reversed(keys))) == got


def test_taken_slugs_are_never_handed_out_again():
    got = unique_slugs([("new", "x")], taken={"x", "x-2"})
    assert got == {"new": "x-3"}


def test_a_natural_slug_that_looks_like_a_numbered_one_still_gets_its_own():
    got = unique_slugs([("a", "x"), ("b", "x"), ("c", "x-2")])
    assert len(set(got.values())) == 3


@pytest.mark.parametrize("rel", ["../evil.html", "drivers/../../evil.html", "/etc/evil", ""])
def test_the_writer_refuses_any_path_outside_the_site(tmp_path, rel):
    from racekb.model.errors import RacekbError
    from racekb.publish.output import _write
    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(RacekbError, match="refusing to write outside the site"):
        _write(root, rel, b"x")
    assert not (tmp_path / "evil.html").exists()


def _naive_unique(keys, taken=frozenset()):
    """The definition unique_slugs must keep: the first free wanted-N, N from 2, in sorted order."""
    used, out = set(taken), {}
    for key, wanted in sorted(keys, key=lambda kv: (kv[1], kv[0])):
        slug, n = wanted, 2
        while slug in used:
            slug, n = f"{wanted}-{n}", n + 1
        used.add(slug)
        out[key] = slug
    return out


def test_unique_slugs_resumes_where_it_left_off_with_the_same_answers():
    """Ten thousand identical headlines: each slug found in a step or two (it was a search from
    -2 every time), and the very same slugs as the plain definition gives."""
    import random

    rng = random.Random(7)
    for _ in range(200):
        words = ["a", "a-2", "a-3", "b", "b-2", "a-2-2"]
        keys = [(f"k{i}", rng.choice(words)) for i in range(rng.randint(0, 30))]
        taken = set(rng.sample(words + ["a-4", "b-3"], rng.randint(0, 4)))
        from racekb.model.slug import unique_slugs
        assert unique_slugs(keys, taken) == _naive_unique(keys, taken)
    from racekb.model.slug import unique_slugs
    many = unique_slugs([(f"k{i:05d}", "same") for i in range(10_000)])
    assert len(set(many.values())) == 10_000 and many["k09999"] == "same-10000"
