"""The twin of build/ that a build remembers: where it lives, what build/ and it hold
(manifests: hash, size, mtime and inode of every file), and whether a tree is still exactly as
racekb left it. The writing itself is publish/tree.py's TwinWriter; this is what lets the next
build trust the twin (and build/'s files) instead of writing a whole tree.
"""

from __future__ import annotations

import os
from pathlib import Path

from racekb.publish.tree import Manifest, TwinWriter, folders_of

Scan = tuple[dict[str, tuple[int, int, int]], set[str]]  # files -> (size, mtime_ns, inode); folders


def shadow_path(out: Path, state: Path) -> Path:
    """Where the twin lives: in .racekb/ when that is on build/'s file system (a rename cannot
    cross file systems), else beside build/."""
    try:
        if os.stat(out.parent).st_dev == os.stat(state).st_dev:
            return state / "twin"
    except OSError:
        pass
    return out.parent / f".{out.name}-twin"


def scan(root: Path) -> Scan:
    """Every file (with size, mtime and inode) and every folder under `root`."""
    files: dict[str, tuple[int, int, int]] = {}
    dirs: set[str] = set()
    if not root.is_dir():
        return files, dirs
    base = len(str(root)) + 1
    stack = [str(root)]
    while stack:
        current = stack.pop()
        with os.scandir(current) as it:
            for entry in it:
                rel = entry.path[base:].replace(os.sep, "/")
                if entry.is_dir(follow_symlinks=False):
                    dirs.add(rel)
                    stack.append(entry.path)
                else:
                    st = entry.stat(follow_symlinks=False)
                    files[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return files, dirs


def matches(found: Scan, manifest: Manifest) -> bool:
    """Does a tree hold exactly the files of `manifest`, untouched, and no other file or folder?"""
    files, dirs = found
    return len(files) == len(manifest) and all(files.get(p) == e[1:] for p, e in manifest.items()) and dirs == folders_of(manifest)


def manifest_of(root: Path, hashes: dict[str, str]) -> Manifest:
    files, _dirs = scan(root)
    return {rel: (hashes[rel], *stat) for rel, stat in files.items() if rel in hashes}


def manifest_after(writer: TwinWriter) -> Manifest:
    """The manifest of the site `writer` just swapped in, with a stat only for what it wrote or
    linked: every other file is the twin's, untouched since this build checked it against the
    twin's manifest (a link changes a file's ctime and link count, which a manifest leaves out).
    A fresh tree is scanned whole. Why: a scan of build/ after an edit was 13,000 stat calls
    to learn about the five files that changed."""
    if writer.fresh:
        return manifest_of(writer.out, writer.hashes)
    placed, twin, out = set(writer.placed), writer.twin, str(writer.out)
    manifest: Manifest = {}
    for rel, h in writer.hashes.items():
        entry = twin.get(rel)
        if entry is not None and rel not in placed:
            manifest[rel] = (h, *entry[1:])
            continue
        try:
            st = os.lstat(os.path.join(out, rel))
        except OSError:
            continue  # gone already (the user's doing): the next build writes it again
        manifest[rel] = (h, st.st_size, st.st_mtime_ns, st.st_ino)
    return manifest
