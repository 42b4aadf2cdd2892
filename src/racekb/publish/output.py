"""Writing build/ all at once: the new site is written beside the old one and swapped in only
when complete, so a failed or interrupted build leaves the last good site as it was.

The swap is one atomic exchange where the system offers it (Linux renameat2), so build/ never
goes missing even for an instant; elsewhere it is two renames, and a failure of the second puts
the old site back. Folders left by a killed build are named `.build.new-<pid>-*` and
`.build.old-<pid>-*`; the next build removes them once their process is gone, and puts an old
site back if a build died between its two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import time
from pathlib import Path
from typing import Callable, Collection, Iterable

from racekb.publish import lifeline
from racekb.model.errors import RacekbError, named

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_target(out: Path, protect: Iterable[Path] = ()) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a site.

    The swap replaces `out` whole, so `--out seeds` would delete the seeds. Only a folder that is
    empty, missing, or a site racekb built (it has graph.json) may be replaced, and never one of
    the site's own folders (`protect`) or a folder holding one.
    """
    if out.exists() and not out.is_dir():
        raise RacekbError("the output path is a file, not a folder; move it or choose another --out", out)
    target = out.resolve()
    for kept in protect:
        kept = kept.resolve()
        if target == kept or kept.is_relative_to(target):
            raise RacekbError(f"the output folder would replace {kept.name}/ of the site; choose another --out",
                              out)
        if target.is_relative_to(kept):  # its pages would be read back as seeds, records or templates
            raise RacekbError(f"the output folder is inside {kept.name}/ of the site; choose another --out", out)
    if out.is_dir() and not (out / "graph.json").is_file() and any(out.iterdir()):
        raise RacekbError("the output folder is not empty and is not a site racekb built (no graph.json); "
                          "refusing to replace it: choose a new or empty --out folder", out)


def swap(new: Path, out: Path, keep_old: bool = False) -> None:
    """Put the complete site `new` at `out`; the old site (if any) ends up at `new` (always, with
    `keep_old`, as the incremental twin wants it) or is removed.

    If the final rename fails the old site is put back, so `out` is always a whole site.
    """
    for _ in range(5):  # another build may put a site in place, or move one away, in between
        if not out.exists():
            try:
                os.rename(new, out)
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                continue  # a build running beside this one got there first: swap with its site
        try:
            if exchange(new, out):
                return  # `new` now holds the old site; the caller removes it
        except FileNotFoundError:
            continue
        break
    old = _aside(out, "old")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    if keep_old:
        os.rename(old, new)
    else:
        shutil.rmtree(old, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


class SiteLock:
    """The build lock, held until `release` (or this process ends). Its file names the holder
    (pid and start time), so a later build can tell a lock kept by a live build from one kept by
    processes a dead build left behind."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.owner = os.getpid()
        lifeline.hold(fd)

    def release(self) -> None:
        if self.fd >= 0 and os.getpid() == self.owner:  # never from a forked child
            lifeline.drop(self.fd)
            os.close(self.fd)
        self.fd = -1

    def __del__(self) -> None:
        self.release()


def lock_site(state: Path, on_wait: Callable[[], None] | None = None,
              on_takeover: Callable[[str], None] | None = None, poll: float = 0.2) -> SiteLock | None:
    """Take the site's build lock (.racekb/build.lock), waiting while another build holds it.

    Two builds of one site at once would race on content/, racekb's memory and the swap; one
    after the other they are each correct. The system drops the lock when its holder dies; a
    build's children never hold it (racekb.publish.lifeline). Should a lock still be held when the
    build named in it is gone (processes it left behind, say where the kernel cannot kill
    children with their parent), the lock is stale: it is taken over, `on_takeover` told why.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        return None
    state.mkdir(parents=True, exist_ok=True)
    path = state / "build.lock"
    waited = False
    while True:
        fd = _open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if holder and not _holder_alive(holder):
                if _unlink_stale(path, fd) and on_takeover is not None:
                    on_takeover(f"the build that held {path} (pid {holder.split()[0]}) is gone, but processes "
                                "it left behind still hold the lock; taking it over")
                os.close(fd)
                continue
            os.close(fd)
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            time.sleep(poll)
            continue
        except BaseException:
            os.close(fd)
            raise
        if not _same_file(fd, path):  # taken over (unlinked) between the open and the lock
            os.close(fd)
            continue
        lock = SiteLock(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{_identity(os.getpid())}\n".encode(), 0)
        except OSError:
            pass  # a lock without a name is still a lock: it just cannot be judged stale
        return lock


def _open_lock(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise RacekbError(f"cannot open the build lock: {exc.strerror or exc}", path) from None


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _identity(pid: int) -> str:
    """`pid start-time`: a pid alone could be a new, unrelated process by the time it is read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return f"{pid} {fields[19].decode()}"
    except (OSError, IndexError):
        return str(pid)


def _holder_alive(holder: str) -> bool:
    parts = holder.split()
    if not parts or not parts[0].isdigit():
        return True  # not a name racekb wrote: assume a live holder, and wait
    pid = int(parts[0])
    if not _alive(pid):
        return False
    return len(parts) < 2 or _identity(pid) in (holder, str(pid))


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _unlink_stale(path: Path, fd: int) -> bool:
    """Remove the stale lock file `fd` is open on, so that builds lock a fresh one. Done under a
    second lock, and only while the path is still that file, so two builds taking over at once
    never remove the fresh lock one of them has just taken."""
    import fcntl

    guard = _open_lock(path.with_name("build.lock.takeover"))
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if not _same_file(fd, path):
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(guard)


def tidy(out: Path) -> list[Path]:
    """Clean up after builds that were killed: put back a site lost between two renames and
    remove the half-written folders of processes that no longer run. Returns what was removed."""
    if not out.parent.is_dir():
        return []
    stale = [p for p in sorted(out.parent.iterdir()) if _stale(p, out.name)]
    olds = sorted((p for p in stale if ".old-" in p.name), key=lambda p: p.stat().st_mtime, reverse=True)
    if not out.exists() and olds:
        os.rename(olds[0], out)  # a build died after moving the old site away: put it back
        stale.remove(olds[0])
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def _aside(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _stale(path: Path, name: str) -> bool:
    match = re.fullmatch(rf"\.{re.escape(name)}\.(?:new|old)-(\d+)(?:-[0-9a-f]+)?", path.name)
    if not match or not path.is_dir():
        return False
    pid = int(match.group(1))
    return pid != os.getpid() and not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write(root: Path, rel: str, data: bytes) -> None:
    """Write `data` as a new file at `rel` under `root`; nothing is ever written outside `root`.

    Always a new inode (O_EXCL; an entry already there is unlinked first), so a file hard-linked
    with build/ is never written through, and a symlink at `rel` is replaced, not followed.
    Cheap in system calls, since a big build writes one file per page folder: the folders are
    made only when the first open finds them missing, and `inside` checks the path without
    resolving every folder from / three times as Path.resolve did."""
    target = inside(root, rel)
    try:
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd = os.open(target, _NEW_FILE, 0o666)
    except FileExistsError:
        os.unlink(target)
        fd = os.open(target, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:  # a full disk: the error names the file (os.write's does not)
        raise named(exc, target) from None
    finally:
        os.close(fd)


def inside(root: Path, rel: str, known: Collection[str] = ()) -> str:
    """The path of `rel` under `root`, refused (RacekbError) if it leads outside `root`, is `root`
    itself, climbs with `..`, or passes through a symlink: the one guard of every file racekb
    writes into a site. The text is checked first; then every folder of `rel` that exists is
    looked at without following it (lstat), except those in `known`: folders the caller made
    itself or found real (a scanned twin), which spares a system call per page. A real folder
    cannot lead out; a symlink might, so none is written through, wherever it points."""
    base = os.path.normpath(os.fspath(root))
    target = os.path.normpath(os.path.join(base, rel))
    if not target.startswith(base.rstrip(os.sep) + os.sep) or ".." in rel.replace(os.sep, "/").split("/"):
        raise RacekbError(f"refusing to write outside the site: {rel}")
    folder, parts = base, target[len(base.rstrip(os.sep)) + 1:].split(os.sep)[:-1]
    for n, part in enumerate(parts):
        folder = os.path.join(folder, part)
        if "/".join(parts[:n + 1]) in known:
            continue
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            break  # neither it nor anything under it exists yet: _write makes real folders
        if stat.S_ISLNK(mode):
            raise RacekbError(f"refusing to write through a symlink in the site: {rel}")
    return target
