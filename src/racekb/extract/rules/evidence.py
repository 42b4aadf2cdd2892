"""How much each rule's finding is worth as evidence that an entity exists (Mention.rule).

The resolver decides from these whether an entity earns a page: a strong finding is one the
text vouches for (a role cue, a car number, a team word or team link, a gazetteer entry); a
weak one rests on a capitalised name's shape alone. A derived finding repeats an entity the
release has already named in full ("Doe" for "Jane Doe", a name seen again): it adds mentions,
never evidence of its own. Rule names are stable: tools and curated reports quote them."""

from __future__ import annotations

STRONG = "strong"
WEAK = "weak"
DERIVED = "derived"

EVIDENCE: dict[str, str] = {
    # people (rules/people.py, rules/aliases.py)
    "name-cue": STRONG,             # the sentence says so: "said Jane Doe", "Jane Doe won", "Jane Doe, 18,"
    "name-role": STRONG,            # a title or role in front: "team owner Jane Doe" (a person)
    "name-of-team": STRONG,         # "Jane Doe of Acme Racing", "Acme Racing's Jane Doe"
    "name-lone-cue": STRONG,        # a surname alone with a driver's cue: "said Doe", "Doe has signed"
    "name-surname-reused": WEAK,    # "Jane Doe ... Doe won": a name's shape, used again
    "name-given": WEAK,             # only a common given name first: the weakest
    "name-listed": WEAK,            # listed beside a found name: "Jane Doe and John Roe"
    "listed-with-drivers": WEAK,    # a lone surname listed beside drivers
    "surname": DERIVED,
    "first-name": DERIVED,
    "repeat": DERIVED,
    # teams (rules/teams.py, team_cues.py, team_cues_late.py, team_contexts.py)
    "team-suffix": STRONG,          # "Acme Racing", "Acme Motorsport"
    "team-prefix": STRONG,          # "Team Acme", "Scuderia Acme"
    "team-acronym": STRONG,         # "team ACR"
    "team-owns-car": STRONG,        # "Acme's No. 12"
    "team-possessive": STRONG,      # "Acme Fenway's Jane Doe"
    "team-cue: the X driver": STRONG,
    "team-cue: driver of X": STRONG,
    "team-cue: drives for X": STRONG,
    "team-cue: with X": STRONG,
    "team-cue: finished for X": STRONG,
    "team-context": STRONG,         # "his Acme team mate", "a contract with Acme"
    "team-in-car-name": STRONG,     # the entrant inside a numbered car's name
    "org-short-form": DERIVED,      # "Acme" for Acme Racing
    "acronym": DERIVED,             # "AR" for Acme Racing
    # organisations that are not teams (rules/orgs.py)
    "org-suffix": STRONG,
    "org-role": STRONG,
    # series, events, tracks, the gazetteer (championships.py, events.py, tracks.py, gazetteer.py)
    "gazetteer": STRONG,
    "championship-shape": STRONG,   # "<Name> Championship|Series|Cup|Trophy|Scholarship"
    "class-title": STRONG,          # "his 2021 DPi title"
    "counted-series": STRONG,       # "his first Acme Super Sprints win"
    "series-champion": STRONG,      # "1984 World Rally Champion"
    "event-shape": STRONG,          # "Acme 400", "X Grand Prix"
    "event-eponym": STRONG,         # "the Jane Doe Trophy" (a meeting, not a series)
    "track-shape": STRONG,          # "X Speedway", "Circuit of X"
    "headline": DERIVED,            # the race the headline names
    # cars (rules/cars.py)
    "car-number": STRONG,           # "No. 31 Acme Cadillac V-Series.R"
    "car-number-bare": WEAK,        # "No. 31" with no model or maker
    "make-model": STRONG,           # a gazetteer maker and a model: "Porsche 963"
    "known-model": STRONG,          # a gazetteer model with a number: "GR010"
    "model-shape": WEAK,            # only a model code's shape: "the X-12"
}


def strength(rule: str) -> str:
    """STRONG, WEAK or DERIVED for a mention's rule; an unknown rule is weak."""
    return EVIDENCE.get(rule, WEAK)
