"""An ordered chain of named rules, after markdown-it-py's Ruler: each rule is a small function
over the shared State, and the chain can be inspected, extended or reordered by name."""

from __future__ import annotations

from typing import Callable

from racekb.extract.state import State

Rule = Callable[[State], None]


class Ruler:
    def __init__(self) -> None:
        self._rules: list[tuple[str, Rule]] = []

    def push(self, name: str, rule: Rule) -> None:
        self._rules.append((name, rule))

    def before(self, anchor: str, name: str, rule: Rule) -> None:
        index = self.names().index(anchor)
        self._rules.insert(index, (name, rule))

    def names(self) -> list[str]:
        return [name for name, _ in self._rules]

    def run(self, state: State) -> State:
        for _, rule in self._rules:
            rule(state)
        return state
