"""The live preview behind `racekb serve`: watch the sources, rebuild, tell open pages to reload.

Stdlib only. The watcher polls modification times (portable, no inotify); the server adds a
small script to each HTML response that polls /__racekb/version and reloads the page when a
rebuild has finished. The script exists only in served responses: the files in build/ never
carry it, so what is published is what `racekb build` wrote.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Callable

from racekb.model.safeio import is_regular, read_regular

VERSION_PATH = "/__racekb/version"
RELOAD_SCRIPT = """<script>/* racekb serve: live reload (never in the built site) */
(function(){var v=null;function poll(){fetch("%s",{cache:"no-store"}).then(function(r){return r.text()})
.then(function(t){if(v!==null&&t!==v){location.reload();return}v=t;setTimeout(poll,700)})
.catch(function(){setTimeout(poll,2000)})}poll()})();</script>
""" % VERSION_PATH

Snapshot = dict[str, tuple[int, int]]
IDLE_MAX = 2.0  # seconds between looks at the sources once they have been still a while
COST_FACTOR = 25  # a look at the sources takes at most 1/25 of the time (4% of a core)
QUIET_ERRORS = (ConnectionError, TimeoutError)  # a browser that closed or dropped the connection


def snapshot(folders: list[Path]) -> Snapshot:
    """Every file under `folders` with its (mtime_ns, size); editors' temp files are ignored."""
    out: Snapshot = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.startswith(".") or name.endswith(("~", ".tmp", ".swp")):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                out[path] = (st.st_mtime_ns, st.st_size)
    return out


def inject(html: bytes) -> bytes:
    """`html` with the reload script just before </body> (or at the end)."""
    script = RELOAD_SCRIPT.encode()
    at = html.rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


class Reloader:
    """Rebuilds when the watched folders change and counts finished builds (the page's version)."""

    def __init__(self, folders: list[Path], rebuild: Callable[[], str], log: Callable[[str], None] = print,
                 interval: float = 0.4) -> None:
        self.folders = folders
        self.rebuild = rebuild
        self.log = log
        self.interval = interval
        self.version = 0
        self.stopping = threading.Event()
        self._seen = snapshot(folders)
        self._thread: threading.Thread | None = None

    def check_once(self) -> bool:
        """Rebuild if anything changed since the last look; True when a build ran."""
        now = snapshot(self.folders)
        if now == self._seen:
            return False
        changed = sorted(set(now.items()) ^ set(self._seen.items()))
        names = sorted({os.path.relpath(p) for p, _ in changed})[:3]
        self.log(f"changed: {', '.join(names)}{' …' if len(changed) > 3 else ''}; rebuilding")
        try:
            self.log(self.rebuild())
            self.version += 1
        except Exception as exc:  # keep serving the last good site; the error is the author's to fix
            self.log(f"build failed, still serving the last good site: {exc}")
            if os.environ.get("RACEKB_DEBUG"):
                traceback.print_exc()
        # the build itself writes content/ records: take them as seen, so they cause no second build
        self._seen = snapshot(self.folders)
        return True

    def next_wait(self, changed: bool, wait: float, cost: float) -> float:
        """Seconds until the next look. Right after a change, `interval`; while nothing changes,
        longer each time, up to IDLE_MAX; and never less than COST_FACTOR times what one look
        cost (a look stats every file: an idle serve of ten thousand releases spent a fifth of a
        core on it at a fixed 0.4 s)."""
        wait = self.interval if changed else min(wait * 1.5, max(self.interval, IDLE_MAX))
        return max(wait, cost * COST_FACTOR)

    def start(self) -> None:
        def loop() -> None:
            wait = self.interval
            while not self.stopping.wait(wait):
                started = time.monotonic()
                changed = self.check_once()
                wait = self.next_wait(changed, wait, 0.0 if changed else time.monotonic() - started)
        self._thread = threading.Thread(target=loop, name="racekb-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves build/; answers the version poll; injects the reload script into HTML."""

    reloader: Reloader

    def __init__(self, *args, reloader: Reloader, **kwargs) -> None:
        self.reloader = reloader
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: rebuilds are the news
        pass

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        """The same status and headers as GET (the injected script counted in Content-Length,
        the site's 404 page for a missing one), without the body."""
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        if self.path.split("?", 1)[0] == VERSION_PATH:
            return self._send(str(self.reloader.version).encode(), 200, "text/plain", head)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_HEAD() if head else super().do_GET()  # the standard redirect to the slash form
            path = path / "index.html"
        if path.suffix == ".html" and is_regular(path):
            return self._send(inject(read_regular(path)), 200, "text/html; charset=utf-8", head)
        if not path.exists():
            page = Path(self.directory) / "404.html"
            if page.is_file():
                # served at any depth: without --base-url its relative links need the root as base
                html = read_regular(page)
                if b"<base " not in html:
                    html = html.replace(b"<head>", b'<head>\n<base href="/">', 1)
                return self._send(inject(html), 404, "text/html; charset=utf-8", head)
        if path.exists() and not is_regular(path):
            return self.send_error(403, "not a regular file")  # a FIFO in build/ would hang the server
        return super().do_HEAD() if head else super().do_GET()

    def _send(self, body: bytes, status: int, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    """The preview server: a dropped connection (a browser that navigated away mid-page) is
    normal, not an error worth a traceback; anything else is one line."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, QUIET_ERRORS):
            return
        print(f"racekb serve: a request from {client_address} failed: {type(exc).__name__}: {exc}",
              file=sys.stderr)


def make_server(directory: Path, port: int, reloader: Reloader) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `directory` on 127.0.0.1 (port 0 picks a free one)."""
    handler = functools.partial(Handler, directory=str(directory), reloader=reloader)
    return Server(("127.0.0.1", port), handler)
