"""Circuits by their shape: "Winchester Speedway", "Cherry Raceway", "Lime Rock Park",
"Circuit of The Americas", "Autodromo Hermanos Rodriguez". Claiming them keeps a circuit
from being read as a team ("at County Line Speedway")."""

from __future__ import annotations

from racekb.extract.cues import Keyed, capital_words
from racekb.extract.lexicon import by_norm, norm, word_list
from racekb.extract.state import State

CAP_REST = r"[\w\-'’]*"  # a capitalised word after its capital
CAP = "[A-Z]" + CAP_REST
# Each shape with the words it cannot match without (see cues.Keyed): a text holding none of them
# is not scanned.
SHAPES = (
    Keyed(capital_words(CAP_REST, " ", 1, 5, not_after=r"[\w’']") + r"(?:Motor Speedway|International Speedway|International Raceway|"
          r"Superspeedway|Speedway|Raceway|Motorsports? Park|Motorplex|Circuit|Ring|Autodrome)\b",
          needs=("Speedway", "Raceway", "Park", "Motorplex", "Circuit", "Ring", "Autodrome")),
    Keyed(rf"\b(?:Circuit|Autodromo|Autódromo|Circuito) (?:(?:de|of|del|do|la|the|The) )?(?:{CAP} ?){{1,3}}",
          needs=("Circuit", "Autodromo", "Autódromo")),
)


def find_tracks(state: State) -> None:
    stops = word_list("stop_starts")
    for shape in SHAPES:
        for m in shape.finditer(state.text):
            start, end = m.start(), m.end()
            words = state.text[start:end].split(" ")
            while len(words) > 1 and (words[0].casefold() in stops or words[0].endswith(("’s", "'s"))):
                start += len(words[0]) + 1
                words = words[1:]
            surface = state.text[start:end].strip()
            entry = by_norm("track").get(norm(surface))
            state.add(start, start + len(surface), "track", entry.name if entry else surface, "track-shape")
