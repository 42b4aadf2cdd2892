"""One release record through the extractor: the body's paragraphs, its date and its title.

Why a module of its own: the build, `racekb extract` and the extraction workers all run a
release through the same wrapper, so a crash inside a rule reads the same wherever it happens.
"""

from __future__ import annotations

from pathlib import Path

from racekb.extract import State, extract
from racekb.load.records import Record
from racekb.model.errors import RacekbError
from racekb.model.text import markdown_paragraphs


def extract_record(record: Record) -> State:
    return extract(markdown_paragraphs(record.body), record.date, record.title)


def safe_extract(record: Record, path: Path | str | None) -> State:
    """extract_record, with a crash inside the extractor reported against the release it met.

    A bug in one rule must not take the whole site down with a traceback: the release is named,
    and with --keep-going the rest of the site still builds.
    """
    try:
        return extract_record(record)
    except RecursionError:
        raise RacekbError("extraction failed: the text is nested too deeply", path) from None
    except Exception as exc:  # noqa: BLE001 - turned into a one-line report naming the file
        raise RacekbError(
            f"extraction failed ({type(exc).__name__}: {str(exc)[:80]}); this is a racekb bug, please report it with this file", path
        ) from exc
