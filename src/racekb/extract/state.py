"""What the extract rules share for one release: the text, its sentences, mentions and facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(eq=False)
class Mention:
    """A stretch of the text that names an entity. Two mentions are the same only if they are
    the same object: rules keep and compare the very mentions they found."""

    start: int
    end: int
    text: str
    type: str
    name: str  # canonical name within the release
    rule: str

    def __reduce__(self) -> tuple:
        """Pickled as the class and its six fields: every extraction is pickled in a worker and
        read back in the build, and this form is quicker both ways than the default (a state
        dict naming each field). A mention met twice is still one object (pickle's memo)."""
        return Mention, (self.start, self.end, self.text, self.type, self.name, self.rule)


@dataclass
class LocalFact:
    subject: tuple[str, str]  # (type, name)
    predicate: str
    object: tuple[str, str]
    year: int | None
    evidence: str
    rule: str

    def __reduce__(self) -> tuple:
        """Pickled as the class and its fields, as Mention is (quicker both ways)."""
        return LocalFact, (self.subject, self.predicate, self.object, self.year, self.evidence, self.rule)


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
    _by_start: tuple | None = field(default=None, repr=False)
    _sentence_starts: list | None = field(default=None, repr=False)
    _fact_keys: set = field(default_factory=set, repr=False)
    _fact_pairs: set = field(default_factory=set, repr=False)
    _run_words: tuple | None = field(default=None, repr=False)
    _cap_words: list | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list:
        """The words of the whole text, tokenised once and shared by every rule."""
        if self._tokens is None:
            from racekb.extract.tokens import tokenize

            self._tokens = tokenize(self.text)
        return self._tokens

    def run_words(self) -> tuple[frozenset[str], list[int]]:
        """(RUN_JOINERS, the indices of the words a capitalised run can hold), listed once per
        release: the teams, series and organisation rules each split the text into runs, and
        reading only these words spares each of them the lower-case rest."""
        if self._run_words is None:
            from racekb.extract.tokens import RUN_JOINERS, run_words

            self._run_words = (RUN_JOINERS, run_words(self.tokens, RUN_JOINERS))
        return self._run_words

    def cap_words(self) -> list[int]:
        """The indices of the capitalised words of `tokens`, listed once per release: the passes
        that look only at capitalised words (repeated names, surnames, lone words) skip the
        lower-case rest, most of a text. Taken from run_words, which holds every one of them."""
        if self._cap_words is None:
            tokens = self.tokens
            self._cap_words = [i for i in self.run_words()[1] if tokens[i].is_cap]
        return self._cap_words

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

    def claimed_positions(self) -> set[int]:
        """Offsets that stand strictly inside a mention (a mention running over a sentence break)."""
        return {p for m in self.mentions for p in range(m.start + 1, m.end)}

    def claimed(self, start: int, end: int) -> bool:
        """True when any character of [start, end) stands in a mention (searched in place: no
        slice is copied, as rules ask this for nearly every word)."""
        mask = self._mask
        if mask is None or len(mask) != len(self.text):
            mask = self._claims()
        return mask.find(1, start, end) != -1

    def claimed_words(self) -> list[bool]:
        """For each word of `tokens`, whether a mention already stands on any of it: one pass for
        the rules that read every word. It is the text as it stands now; a rule that adds
        mentions while it reads asks `claimed` instead."""
        import bisect

        mask = self._claims()
        tokens = self.tokens
        out = [False] * len(tokens)
        ends = [tok.end for tok in tokens]  # the words stand in text order, so their ends are sorted
        # a word holds a claimed character iff it overlaps a run of them: walk the runs (one per
        # mention, far fewer than the words) and mark the words over each (what asking every
        # word's span of the mask tells)
        a = mask.find(1)
        while a != -1:
            b = mask.find(0, a)
            b = len(mask) if b == -1 else b
            i = bisect.bisect_right(ends, a)
            while i < len(tokens) and tokens[i].start < b:
                if tokens[i].end > tokens[i].start:
                    out[i] = True
                i += 1
            a = mask.find(1, b)
        return out

    def add(self, start: int, end: int, etype: str, name: str, rule: str) -> Mention | None:
        """Record a mention unless an earlier rule already claimed any of its characters."""
        if start >= end or self.claimed(start, end):
            return None
        mention = Mention(start, end, self.text[start:end], etype, name, rule)
        self.mentions.append(mention)
        self._claims()[start:end] = b"\x01" * (end - start)
        if self._by_start is not None:  # keep the position index in step instead of rebuilding it
            import bisect

            i = bisect.bisect_left(self._by_start[0], start)
            self._by_start[0].insert(i, start)
            self._by_start[1].insert(i, mention)
        return mention

    def drop(self, keep, start: int = 0, end: int | None = None) -> None:
        """Remove the mentions inside [start, end) for which `keep(mention)` is false (a longer
        name absorbing them); their text is free to claim again."""
        end = len(self.text) if end is None else end
        gone = [m for m in self.in_span(start, end) if not keep(m)]
        if not gone:
            return
        import bisect

        mask = self._claims()
        for m in gone:  # mentions never overlap, so a dropped span is simply free again
            self.mentions.remove(m)
            mask[m.start:m.end] = bytes(m.end - m.start)
            if self._by_start is not None:
                starts, ordered = self._by_start
                i = bisect.bisect_left(starts, m.start)
                while ordered[i] is not m:
                    i += 1
                del starts[i], ordered[i]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that share any character with [start, end)."""
        if not self.claimed(start, end):
            return []
        return [m for m in self.in_span(max(0, start - 200), end + 200) if m.start < end and start < m.end]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        import bisect

        if self._sentence_starts is None or len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s for s, _ in self.sentences]
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if 0 <= i < len(self.sentences) and pos < self.sentences[i][1]:
            return self.sentences[i]
        return 0, len(self.text)

    def in_span(self, start: int, end: int) -> list[Mention]:
        """The mentions inside a stretch, in text order; once the mentions are final (the facts
        rule) the sorted list is kept, so long releases stay linear."""
        import bisect

        if self._by_start is None or len(self._by_start[1]) != len(self.mentions):
            ordered = sorted(self.mentions, key=lambda m: (m.start, m.end))
            self._by_start = ([m.start for m in ordered], ordered)
        starts, ordered = self._by_start
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(ordered) and ordered[i].start < end:
            if ordered[i].end <= end:
                out.append(ordered[i])
            i += 1
        return out

    def entities(self) -> dict[tuple[str, str], set[str]]:
        """(type, name) -> every surface form under which the release names it."""
        out: dict[tuple[str, str], set[str]] = {}
        for m in self.mentions + self.nested:
            out.setdefault((m.type, m.name), set()).add(m.text)
        return out
