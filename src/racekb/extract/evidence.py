"""Evidence: what found an entity, and whether that is enough for it to get a page.

An extractor that reads every capitalised run as a name finds real drivers and junk alike; what
tells them apart is the cue that found each one (a role word, a car number, a gazetteer entry,
a team link) rather than the shape of the words. Each mention carries the name of the rule that
found it; which of those prove something is general vocabulary, kept in data/evidence.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

Cues = dict[tuple[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class Policy:
    """data/evidence.yaml: the cues that prove little (weak), the ones that only repeat another
    mention (neutral), fact rules that lend no strength, and how many releases make any entity
    strong."""

    strong_cues: frozenset[str]
    weak: frozenset[str]
    neutral: frozenset[str]
    weak_facts: frozenset[str]
    min_releases: int

    @property
    def rated(self) -> frozenset[str]:
        """Every cue the data file names, under any heading."""
        return self.strong_cues | self.weak | self.neutral

    def weak_fact(self, rule: str) -> bool:
        """True when facts of this rule lend no strength to their ends."""
        return rule in self.weak_facts or any(w.endswith("*") and rule.startswith(w[:-1]) for w in self.weak_facts)

    def strong(self, cues: Iterable[str]) -> bool:
        """True when any cue is neither weak nor neutral."""
        return any(c not in self.weak and c not in self.neutral for c in cues)


@lru_cache(maxsize=1)
def policy() -> Policy:
    text = resources.files("racekb").joinpath("data/evidence.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return Policy(strong_cues=frozenset(map(str, data.get("strong") or ())),
                  weak=frozenset(map(str, data.get("weak") or ())),
                  neutral=frozenset(map(str, data.get("neutral") or ())),
                  weak_facts=frozenset(map(str, data.get("weak_facts") or ())),
                  min_releases=int(data.get("min_releases") or 2))


def role_cue(reason: str) -> str:
    """The cue of a role the `roles` rule read ("role: team manager ..." -> "role:role")."""
    return "role:" + reason.split(":", 1)[0].strip()


def cues_of(state: object) -> Cues:
    """(type, name) -> the sorted names of the rules that found its mentions in one release,
    with the role read for it. Reads an extractor State, or an Extraction that kept them."""
    kept = getattr(state, "cues", None)
    if kept is not None and not callable(kept):
        return kept
    out: dict[tuple[str, str], set[str]] = {}
    for m in [*state.mentions, *state.nested]:  # type: ignore[attr-defined]
        found = out.get((m.type, m.name))
        if found is None:
            out[(m.type, m.name)] = {m.rule}
        else:
            found.add(m.rule)
    for key, reason in state.reasons.items():  # type: ignore[attr-defined]
        if key in out:
            out[key].add(role_cue(reason))
    return {key: tuple(sorted(rules)) for key, rules in out.items()}
