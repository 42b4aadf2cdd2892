"""What the extract rules share for one release: the text, its sentences, mentions and facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Mention:
    """A stretch of the text that names an entity."""

    start: int
    end: int
    text: str
    type: str
    name: str  # canonical name within the release
    rule: str


@dataclass
class LocalFact:
    subject: tuple[str, str]  # (type, name)
    predicate: str
    object: tuple[str, str]
    year: int | None
    evidence: str
    rule: str


@dataclass
class State:
    """One release under extraction; each rule reads and extends it."""

    text: str
    date: dt.date
    title: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[LocalFact] = field(default_factory=list)
    # names standing inside a longer name ("Team Penske" in "No. 2 Shell Team Penske Chevrolet"):
    # entities of the release, but they claim no text of their own
    nested: list[Mention] = field(default_factory=list)
    # the race the headline names, when it names one
    headline_race: str = ""
    notes: list[str] = field(default_factory=list)
    # (type, name) -> the role cue that decided it, for explanations
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)

    _mask: bytearray | None = field(default=None, repr=False)
    _tokens: list | None = field(default=None, repr=False)
    _starts: list | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list:
        """The words of the whole text, tokenised once and shared by every rule."""
        if self._tokens is None:
            from racekb.extract.tokens import tokenize

            self._tokens = tokenize(self.text)
        return self._tokens

    def tokens_between(self, start: int, end: int) -> list:
        """The words standing wholly between two offsets, from the shared token list."""
        import bisect

        tokens = self.tokens
        if self._starts is None:
            self._starts = [t.start for t in tokens]
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(tokens) and tokens[i].end <= end:
            out.append(tokens[i])
            i += 1
        return out

    def _claims(self) -> bytearray:
        # one byte per character of the text: 1 where a mention already stands
        if self._mask is None or len(self._mask) != len(self.text):
            self._mask = bytearray(len(self.text))
            for m in self.mentions:
                self._mask[m.start:m.end] = b"\x01" * (m.end - m.start)
        return self._mask

    def claimed(self, start: int, end: int) -> bool:
        return 1 in self._claims()[start:end]

    def add(self, start: int, end: int, etype: str, name: str, rule: str) -> Mention | None:
        """Record a mention unless an earlier rule already claimed any of its characters."""
        if start >= end or self.claimed(start, end):
            return None
        mention = Mention(start, end, self.text[start:end], etype, name, rule)
        self.mentions.append(mention)
        self._claims()[start:end] = b"\x01" * (end - start)
        return mention

    def drop(self, keep) -> None:
        """Remove the mentions for which `keep(mention)` is false (a longer name absorbing them)."""
        self.mentions = [m for m in self.mentions if keep(m)]
        self._mask = None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return 0, len(self.text)

    def in_span(self, start: int, end: int) -> list[Mention]:
        return sorted((m for m in self.mentions if start <= m.start and m.end <= end), key=lambda m: m.start)

    def entities(self) -> dict[tuple[str, str], set[str]]:
        """(type, name) -> every surface form under which the release names it."""
        out: dict[tuple[str, str], set[str]] = {}
        for m in self.mentions + self.nested:
            out.setdefault((m.type, m.name), set()).add(m.text)
        return out
