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
import threading
import traceback
from pathlib import Path
from typing import Callable

VERSION_PATH = "/__racekb/version"
RELOAD_SCRIPT = """<script>/* racekb serve: live reload (never in the built site) */
(function(){var v=null;function poll(){fetch("%s",{cache:"no-store"}).then(function(r){return r.text()})
.then(function(t){if(v!==null&&t!==v){location.reload();return}v=t;setTimeout(poll,700)})
.catch(function(){setTimeout(poll,2000)})}poll()})();</script>
""" % VERSION_PATH

Snapshot = dict[str, tuple[int, int]]


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

    def start(self) -> None:
        def loop() -> None:
            while not self.stopping.wait(self.interval):
                self.check_once()
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
        if self.path.split("?", 1)[0] == VERSION_PATH:
            body = str(self.reloader.version).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the standard redirect to the slash form
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send_html(path.read_bytes(), 200)
        if not path.exists():
            page = Path(self.directory) / "404.html"
            if page.is_file():
                # served at any depth: without --base-url its relative links need the root as base
                html = page.read_bytes()
                if b"<base " not in html:
                    html = html.replace(b"<head>", b'<head>\n<base href="/">', 1)
                return self._send_html(html, 404)
        return super().do_GET()

    def _send_html(self, data: bytes, status: int) -> None:
        body = inject(data)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(directory: Path, port: int, reloader: Reloader) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `directory` on 127.0.0.1 (port 0 picks a free one)."""
    handler = functools.partial(Handler, directory=str(directory), reloader=reloader)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server
