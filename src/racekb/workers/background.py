"""Work done beside the build: file-system chores (scanning a tree, linking one) that overlap it.

Why a forked child rather than a thread: such chores are tens of thousands of system calls, and a
thread needs the interpreter lock back after each one while the build's own thread (pure Python)
holds it for a whole switch interval, so a thread's chore was still running when the build
wanted it. A child has its own interpreter and sends its result back through a pipe. Where
forking is not safe (other threads running: `racekb serve` builds beside its web server), the
chore runs on a thread instead: slower, the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from typing import Any, Callable

from racekb.model.errors import RacekbError


def forking_is_safe() -> bool:
    """Whether this process may fork: not with other threads running (`racekb serve`)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Beside:
    """`fn(*args)` started at once beside the caller; `result()` waits for its value (or raises
    its error), `cancel()` ends a chore whose result is no longer wanted.

    `thread=True` runs it on a thread whatever the case: for a chore that is kernel work done with
    the interpreter lock released (creating ten thousand record files),
    which a thread overlaps as well as a child would, without sending anything back through a
    pipe. (More threads did not help: files made in one folder wait on its lock.)"""

    def __init__(self, fn: Callable[..., Any], *args: Any, thread: bool = False) -> None:
        self.value: Any = None
        self.error: BaseException | None = None
        self.child: tuple[int, int] | None = None  # (pid, read end of its pipe)
        self.thread: threading.Thread | None = None
        if not thread and forking_is_safe():
            self.child = _fork(fn, args)
        else:
            self.thread = threading.Thread(target=self._run, args=(fn, args), name="racekb-beside")
            self.thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple) -> None:
        try:
            self.value = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread by result()
            self.error = exc

    def result(self) -> Any:
        if self.child is not None:
            pid, fd = self.child
            self.child = None
            with os.fdopen(fd, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            try:
                tag, value = pickle.loads(data)
            except Exception:  # noqa: BLE001 - the child died before it could answer
                raise RacekbError("a helper process of the build ended without finishing (killed, or out of "
                                  "memory?); the previous site is unchanged; build again") from None
            if tag == "error":
                raise value
            self.value = value
        elif self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise self.error
        return self.value

    def cancel(self) -> None:
        """End the chore: a child is killed and reaped; a thread is waited for (it cannot be
        stopped). A chore must leave nothing a build would trust half done."""
        if self.child is not None:
            pid, fd = self.child
            self.child = None
            os.close(fd)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        elif self.thread is not None:
            self.thread.join()
            self.thread = None


def _fork(fn: Callable[..., Any], args: tuple) -> tuple[int, int]:
    """Fork a child that runs fn(*args) and writes ("ok", value) or ("error", exception),
    pickled, to a pipe; returns (its pid, the pipe's read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: it never returns from here, whatever happens
        code = 0
        try:
            os.close(read_end)
            try:
                answer: tuple = ("ok", fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the parent
                answer = ("error", exc)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:  # noqa: BLE001 - the parent sees no answer and says so
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end
