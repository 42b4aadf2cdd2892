"""A site folder: where its seeds, records, templates and output live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from racekb.model.errors import RacekbError

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/racekb, this file being model/site.py


def default_templates_dir() -> Path:
    """The templates that ship with racekb.

    A wheel carries them inside the package; an editable install reads the repository's
    top-level templates/ (the one copy, see DESIGN.md).
    """
    inside = PACKAGE_DIR / "templates"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent.parent / "templates"


def static_dir() -> Path:
    return PACKAGE_DIR / "static"


def shown_template(name: str, site_templates: Path | None) -> str:
    """A template file as the user knows it: `templates/NAME` for the site's own (errors name it
    so, `error: templates/NAME:LINE: message`), `racekb's default templates/NAME` otherwise."""
    path = Path(name)
    folders = [(site_templates, "templates")] if site_templates is not None else []
    folders.append((default_templates_dir(), "racekb's default templates"))
    for folder, shown in folders:
        try:
            if path.is_absolute():
                return f"{shown}/{path.resolve().relative_to(folder.resolve()).as_posix()}"
            if (folder / name).is_file():
                return f"{shown}/{path.as_posix()}"
        except (ValueError, OSError):
            continue
    return name


@dataclass(frozen=True)
class Site:
    """Paths of one site; every stage takes a Site rather than loose paths."""

    root: Path
    out: Path

    @classmethod
    def at(cls, root: Path | str, out: Path | str | None = None) -> "Site":
        root = Path(root).resolve()
        if not root.is_dir():
            raise RacekbError("no such site folder", root)
        out_path = Path(out).resolve() if out else root / "build"
        if out_path == root or root.is_relative_to(out_path):
            raise RacekbError("the output folder must not contain the site", out_path)
        return cls(root=root, out=out_path)

    def require_layout(self) -> None:
        """Refuse a folder that is not a site: building there would leave build/ and .racekb/ in
        whatever folder the user happened to be in."""
        if not self.seeds.is_dir() and not self.content.is_dir():
            raise RacekbError("no seeds/ or content/ here, so this is not a racekb site; "
                              "`racekb init DIR` makes one, `-C DIR` names one elsewhere", self.root)

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def releases(self) -> Path:
        return self.content / "releases"

    @property
    def curated(self) -> Path:
        return self.content / "entities"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def state(self) -> Path:
        """racekb's own memory of what it wrote (never committed, safe to delete)."""
        return self.root / ".racekb"
