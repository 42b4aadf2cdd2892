"""Publishing build/ by changing only what changed, and still swapping the whole site at once.

Why: on this kind of disk creating or removing a folder is slow, and a site of ten thousand
releases has some fourteen thousand folders (one per page). Building a fresh tree beside build/
and deleting the old one costs tens of seconds however little changed (benchmarks/README.md).

So racekb keeps two trees: build/ (what readers see) and a hidden twin, .racekb/twin (or
`.<build>-twin` beside build/ when .racekb is on another file system), which holds the site as it
was one build earlier. A build

1. checks the twin is exactly as racekb left it (every file's size, mtime and inode, and no
   other file or folder); if not, it falls back to writing a whole fresh tree;
2. brings the twin up to date: a file whose bytes equal build/'s is hard-linked from build/
   (so an unchanged page keeps its inode and mtime: it is not rewritten), a file already right in
   the twin stays, a changed one is written to a temporary name and renamed over the twin's entry
   (never written in place: twin and build/ share inodes), files no longer in the site are removed;
3. exchanges the twin and build/ in one atomic step (Linux renameat2(RENAME_EXCHANGE); elsewhere
   two renames, with the old site put back if the second fails). The old build/ becomes the twin.

build/ itself is never written to, so a build that fails or is killed at any point leaves the
last good site whole; a twin left half-updated fails step 1 next time and is rebuilt.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable, Mapping

from racekb.publish import output

# path -> (content hash, size, mtime_ns, inode)
Manifest = dict[str, tuple[str, int, int, int]]


def folders_of(paths: object) -> set[str]:
    out: set[str] = set()
    for rel in paths:  # type: ignore[attr-defined]
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out.add("/".join(parts[:i]))
    return out


def _replace(root: Path, rel: str, data: bytes, link_from: Path | None) -> None:
    """Put `data` (or a hard link to `link_from`, which holds the same bytes) at `rel` in the twin.
    An old entry is unlinked, never written into, so an inode shared with build/ is never written
    through."""
    if link_from is not None:
        try:
            _link_over(link_from, root / rel)
            return
        except OSError:
            pass
    # looked up at call time: output's own writer, checks and all; it makes a new inode (the old
    # entry unlinked first if there is one), so it never writes through a link either
    output._write(root, rel, data)


def _link_over(source: Path, target: Path) -> None:
    """Hard-link `source` at `target`, unlinking what `target` held only if there was something:
    in a fresh tree the link is made at once, where an unlink beforehand always failed."""
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        os.link(source, target)


def swap_in(twin: Path, out: Path, keep_old: bool = True) -> None:
    """Step 3: the twin becomes build/, build/ becomes the twin; build/ is always a whole site.
    Without an atomic exchange: two renames, named as output.swap names them, so that
    output.tidy puts the old site back if racekb dies between them."""
    output.swap(twin, out, keep_old=keep_old)


class TwinWriter:
    """update_twin or write_fresh one file at a time, as render produces them, so a build never
    holds the whole site in memory (at 10,000 releases its text is over a gigabyte).

    The same steps and the same guarantees: files go into the twin (or a fresh tree beside
    build/), build/ is never written to, and the site appears in one swap in `close`. A build that
    fails before `close` leaves build/ as it was; a half-updated twin no longer matches its
    manifest (new inodes), so the next build writes a fresh tree instead of trusting it.
    `hashes` maps every path put so far to its content hash, as publish's `hashes` did.
    With no `twin` (a build that remembers nothing) the tree is always fresh and the old site is
    removed once the new one is in place.
    """

    def __init__(self, out: Path, twin: Path | None, live: Manifest, live_ok: set[str],
                 twin_manifest: Manifest | None, digest: Callable[[bytes], str]) -> None:
        self.out, self.twin_path, self.live, self.live_ok = out, twin, live, live_ok
        self.root: Path
        self.digest = digest
        self.hashes: dict[str, str] = {}
        self.placed: list[str] = []  # paths written or linked into the tree, in order (with repeats)
        self.needs_twin = False  # no twin to swap with: one is to be linked from the new site (see close)
        self.fresh = twin_manifest is None
        if twin_manifest is None:  # write_fresh: a whole new tree beside build/
            if twin is not None and twin.exists():
                shutil.rmtree(twin)
            self.root = output._aside(out, "new")
            self.root.mkdir(parents=True)
            self.twin: Manifest = {}
            self.have_dirs: set[str] = set()
        else:  # update_twin
            assert twin is not None, "a twin's manifest without the twin"
            self.root = twin
            self.twin = twin_manifest
            self.have_dirs = folders_of(twin_manifest)

    def put(self, rel: str, data: bytes) -> None:
        """Step 2 for one file: make the tree being built hold `data` at `rel`."""
        same_as_live = self._place(rel, self.digest(data))
        if same_as_live is not None:
            # unlinks first: a hard link shared with build/ is never written through
            _replace(self.root, rel, data, self.out / rel if same_as_live else None)

    def put_file(self, rel: str, src: Path) -> None:
        """`put(rel, src's bytes)` for a big file written beside the tree (graph.json), moved
        into place rather than read into memory; `src` is gone afterwards."""
        from racekb.model.hashing import file_digest  # the same hash as `digest(bytes)`

        try:
            same_as_live = self._place(rel, file_digest(src))
            if same_as_live is None:
                return
            target = self.root / rel
            target.unlink(missing_ok=True)  # a hard link shared with build/ is never written through
            if same_as_live:
                try:
                    os.link(self.out / rel, target)
                    return
                except OSError:
                    pass
            try:
                os.replace(src, target)
            except OSError:  # another file system: copied instead
                output._write(self.root, rel, src.read_bytes())
        finally:
            src.unlink(missing_ok=True)

    def _place(self, rel: str, h: str) -> bool | None:
        """Note that `rel` holds bytes hashing to `h`. None when the tree already holds them;
        otherwise the file must be put (its folder now exists), and True says build/ has the very
        same bytes, to be hard-linked."""
        again = rel in self.hashes  # a path put twice: the last bytes win, as in a dict
        self.hashes[rel] = h
        target = Path(output.inside(self.root, rel, self.have_dirs))
        live_entry = self.live.get(rel)
        same_as_live = live_entry is not None and live_entry[0] == h and rel in self.live_ok
        if not self.fresh and not again:
            twin_entry = self.twin.get(rel)
            if same_as_live and twin_entry is not None and live_entry is not None and twin_entry[3] == live_entry[3]:
                return None  # already the very same file as build/'s
            if not same_as_live and twin_entry is not None and twin_entry[0] == h:
                return None  # the twin already holds these bytes
        parent = rel.rpartition("/")[0]
        if parent and parent not in self.have_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.have_dirs |= folders_of([rel])
        self.placed.append(rel)
        return same_as_live

    @property
    def touched(self) -> int:
        """How many files were written or linked into the tree."""
        return len(self.placed)

    def note_written(self, files: list[tuple[str, str]], placed: list[str]) -> None:
        """Files another process (a render worker forked from this one) put into the tree, and
        which of them it wrote or linked."""
        for rel, h in files:
            self.hashes[rel] = h
        self.have_dirs |= folders_of(rel for rel, _ in files)
        self.placed += placed

    def keep_all(self, rels: list[str]) -> set[str]:
        """Step 2 for files known unchanged without their bytes: build/'s own file, intact (as
        racekb wrote it), goes into the new tree as it is. Returns the paths kept; any other has
        no intact copy in build/ (or no hard links here) and is to be rendered and written.
        (Made one by one: on threads the folders, all made in the same few parents, waited on
        each other's folder locks and took longer.)"""
        kept: set[str] = set()
        to_link: list[str] = []
        for rel in rels:
            live_entry = self.live.get(rel)
            if live_entry is None or rel not in self.live_ok or rel in self.hashes:
                continue
            if not self.fresh:
                twin_entry = self.twin.get(rel)
                if twin_entry is not None and twin_entry[3] == live_entry[3]:
                    self.hashes[rel] = live_entry[0]
                    kept.add(rel)  # already the very same file as build/'s
                    continue
            to_link.append(rel)
        targets = [Path(output.inside(self.root, rel, self.have_dirs)) for rel in to_link]  # refused before anything is made
        linked = [self._link_live(rel, target) for rel, target in zip(to_link, targets)]
        self.have_dirs |= folders_of(to_link)  # every folder a link may have made (close removes unused ones)
        for rel, ok in zip(to_link, linked):
            if ok:
                self.hashes[rel] = self.live[rel][0]
                self.placed.append(rel)
                kept.add(rel)
        return kept

    def _link_live(self, rel: str, target: Path) -> bool:
        """Hard-link build/'s `rel` at `target`, making its folder if missing; False if it cannot
        (no entry is left where the page is to be written)."""
        try:
            try:
                _link_over(self.out / rel, target)
            except FileNotFoundError:
                if not (self.out / rel).exists():
                    raise
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_over(self.out / rel, target)
        except OSError:
            target.unlink(missing_ok=True)
            return False
        return True

    def close(self, files: Mapping[str, bytes]) -> int:
        """Add `files` not put as pages, drop what the twin holds beyond them, swap the tree in.
        Returns how many files were written or linked (all of them for a fresh tree)."""
        for rel in sorted(files):
            if rel not in self.hashes:
                self.put(rel, files[rel])
        if self.fresh and self.twin_path is None:  # nothing kept: the old site goes
            try:
                swap_in(self.root, self.out, keep_old=False)
            finally:
                shutil.rmtree(self.root, ignore_errors=True)  # the old site, after an exchange
            return len(self.hashes)
        if self.fresh:
            if self.out.exists():
                swap_in(self.root, self.out)  # `root` now holds the old site
                assert self.twin_path is not None
                os.rename(self.root, self.twin_path)
            else:
                os.rename(self.root, self.out)
                # no old site to become the twin: the caller links one (link_tree), beside the rest
                # of the build, so that the first edit updates a twin instead of a whole tree
                self.needs_twin = True
            return len(self.hashes)
        for rel in sorted(set(self.twin) - set(self.hashes)):
            (self.root / rel).unlink(missing_ok=True)
        wanted = folders_of(self.hashes)
        for folder in sorted(self.have_dirs - wanted, key=lambda d: -d.count("/")):
            try:
                os.rmdir(self.root / folder)
            except OSError:
                shutil.rmtree(self.root / folder, ignore_errors=True)
        swap_in(self.root, self.out)
        return self.touched

    def abort(self) -> None:
        """The build failed before `close`: a fresh tree is removed; a twin is left to be found
        stale by the next build."""
        if self.fresh:
            shutil.rmtree(self.root, ignore_errors=True)


def link_tree(src: Path, dst: Path) -> None:
    """A copy of `src` at `dst` made of hard links (`cp -al`): each folder made, each file linked,
    so both trees hold the very same files (same inodes, same mtimes)."""
    top, target_top = str(src), str(dst)
    for dirpath, _dirnames, filenames in os.walk(top):
        target = target_top + dirpath[len(top):]
        os.mkdir(target)
        for name in filenames:
            os.link(os.path.join(dirpath, name), os.path.join(target, name))
