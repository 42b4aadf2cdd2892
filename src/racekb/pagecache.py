"""Skip rendering a page whose template would read exactly what it read last time.

Why at the template and not in render.py: a page's bytes are a pure function of the template
(with everything it extends, includes or imports), the environment's globals, filters and tests,
and the context it is rendered with. So the key of a page is a hash of those, taken generically
from the context itself: whatever render.py passes, however it changes, is in the key. Graph
objects (entities, releases, facts, sections) are hashed by all of their fields; callables (the
`href` helper) by their code and the values they close over. A value of a type this module does
not know makes the page uncacheable: it is rendered as usual, never guessed at.

What the key does not see is code outside the context: racekb's own modules and the libraries'
versions, which `cache.code_fingerprint()` covers (a new fingerprint empties every cache).

Lists and dicts passed to a template are hashed in order (the template may iterate them); a dict
held by a graph object (like a release's links) is hashed as a set of pairs, since its order comes
from set iteration and differs between processes.

On a hit the page's text is read back from the last build (checked against the hash recorded when
it was written), so render.py gets the very string it would have rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
import types
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2 import meta

ACTIVE: ContextVar["PageCache | None"] = ContextVar("racekb_page_cache", default=None)
_BIG = 1024  # containers this long are hashed once per build (the graph's own); smaller ones are not kept


class Uncacheable(Exception):
    """The context holds something whose effect on the page cannot be hashed."""


class CachedTemplate(jinja2.Template):
    """A Jinja template that asks the active PageCache before rendering; plain Jinja otherwise."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        cache = ACTIVE.get()
        if cache is None:
            return super().render(*args, **kwargs)
        return cache.render(self, dict(*args, **kwargs), lambda: jinja2.Template.render(self, *args, **kwargs))


def install(env: jinja2.Environment) -> jinja2.Environment:
    """Make `env` load CachedTemplates (harmless when no cache is active)."""
    env.template_class = CachedTemplate
    return env


class Hasher:
    """Hashes template contexts; remembers the hashes of objects shared between pages."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes, bytes]] = {}
        self._recent: list[int] = []
        self._layouts: dict[type, tuple[bytes, list[tuple[str, bytes]]]] = {}
        # template name -> hash of its source (with what it references); set by PageCache
        self.template_source: Callable[[str], bytes] | None = None

    def digest(self, value: object) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        try:
            self._feed(h, value)
        except RecursionError:
            raise Uncacheable("nested too deeply") from None
        return h.digest()

    def _memoised(self, value: object, compute: Callable[[], bytes], tag: bytes = b"") -> bytes:
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        result = compute()
        # holding the object keeps its id from being reused; the third item is what _feed adds
        self._memo[id(value)] = (value, result, tag + result)
        self._recent.append(id(value))
        return result

    def forget_unshared(self) -> None:
        """Drop what was remembered since the last call for objects nothing else holds any more
        (one page's own rows and sections), so a build's memory does not grow with every page.
        Only the graph's objects and containers shared between pages stay remembered."""
        for key in self._recent:
            entry = self._memo.get(key)
            if entry is not None and sys.getrefcount(entry[0]) <= 2:  # held by the memo alone (+ the call)
                del self._memo[key]
        self._recent = []

    def _sub(self, value: object, feed: Callable[[Any, object], None]) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        feed(h, value)
        return h.digest()

    def _feed(self, h: Any, v: object) -> None:
        t = type(v)
        if t is str:
            data = v.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
            h.update(b"s:" + len(data).to_bytes(8, "little"))
            h.update(data)
            return
        hit = self._memo.get(id(v))  # a graph object or big container already hashed in this build
        if hit is not None and hit[0] is v:
            h.update(hit[2])
            return
        if isinstance(v, str):
            data = v.encode("utf-8", "surrogatepass")
            h.update(b"s" + t.__name__.encode() + b":" + len(data).to_bytes(8, "little"))
            h.update(data)
        elif v is None or t is bool or t is int or t is float:
            h.update(b"p" + repr(v).encode() + b";")
        elif t is list or t is tuple or t is dict or t is set or t is frozenset:
            if len(v) >= _BIG:  # type: ignore[arg-type]
                h.update(b"c" + self._memoised(v, lambda: self._sub(v, self._container), b"c"))
            else:
                self._container(h, v)
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            h.update(b"o" + self._memoised(v, lambda: self._sub(v, self._dataclass), b"o"))
        elif isinstance(v, (dt.date, dt.datetime, dt.time)):
            h.update(b"d" + v.isoformat().encode() + b";")
        elif isinstance(v, types.FunctionType):
            h.update(b"f" + self._memoised(v, lambda: self._sub(v, self._function), b"f"))
        elif isinstance(v, jinja2.environment.TemplateModule) and self.template_source is not None:
            # a template's macros, made with the page's own context (which is hashed anyway)
            h.update(b"m" + self.template_source(getattr(v, "__name__", "") or ""))
        elif isinstance(v, tuple) and hasattr(v, "_fields"):  # namedtuple
            h.update(b"n" + t.__qualname__.encode())
            self._container(h, tuple(v))
        else:
            raise Uncacheable(f"cannot hash a {t.__module__}.{t.__qualname__}")

    def _container(self, h: Any, v: Any) -> None:
        t = type(v)
        h.update(t.__name__.encode() + len(v).to_bytes(8, "little"))
        if t is dict:
            for key, item in v.items():
                self._feed(h, key)
                self._feed(h, item)
        elif t is set or t is frozenset:
            for item in sorted(self.digest(x) for x in v):
                h.update(item)
        else:
            for item in v:
                self._feed(h, item)

    def _dataclass(self, h: Any, v: Any) -> None:
        t = type(v)
        layout = self._layouts.get(t)
        if layout is None:
            layout = (t.__module__.encode() + b"." + t.__qualname__.encode() + b"{",
                      [(f.name, f.name.encode() + b"=") for f in dataclasses.fields(v)])
            self._layouts[t] = layout
        h.update(layout[0])
        for name, label in layout[1]:
            h.update(label)
            value = getattr(v, name)
            if type(value) is dict:
                # A mapping held by a graph object (a release's surface -> entity links) is a set of
                # pairs: its insertion order comes from set iteration and varies between processes.
                h.update(b"u" + len(value).to_bytes(8, "little"))
                if all(type(k) is str and type(x) is str for k, x in value.items()):
                    for k, x in sorted(value.items()):
                        self._feed(h, k)
                        self._feed(h, x)
                else:
                    for pair in sorted(self.digest(k) + self.digest(x) for k, x in value.items()):
                        h.update(pair)
            else:
                self._feed(h, value)
        h.update(b"}")

    def _function(self, h: Any, fn: Any) -> None:
        h.update(fn.__module__.encode() if fn.__module__ else b"?")
        h.update(fn.__qualname__.encode())
        self._code(h, fn.__code__)
        self._feed(h, fn.__defaults__)
        self._feed(h, dict(fn.__kwdefaults__ or {}))
        for cell in fn.__closure__ or ():
            try:
                self._feed(h, cell.cell_contents)
            except ValueError:  # an empty cell
                h.update(b"empty-cell")

    def _code(self, h: Any, code: types.CodeType) -> None:
        h.update(_code_repr(code).encode())


def _code_repr(value: object) -> str:
    """A code object (or constant) as text that is the same in every process: a frozenset
    constant's repr follows string hashing, which is randomised per process."""
    if isinstance(value, types.CodeType):
        return (f"code({value.co_code.hex()},{value.co_names!r},"
                + ",".join(_code_repr(c) for c in value.co_consts) + ")")
    if isinstance(value, (frozenset, set)):
        return "fs(" + ",".join(sorted(_code_repr(c) for c in value)) + ")"
    if isinstance(value, tuple):
        return "t(" + ",".join(_code_repr(c) for c in value) + ")"
    return repr(value)


def _callable_id(fn: object) -> str:
    code = getattr(fn, "__code__", None)
    ident = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', type(fn).__qualname__)}"
    if code is not None:
        ident += ":" + hashlib.blake2b(_code_repr(code).encode(), digest_size=8).hexdigest()
    return ident


class PageCache:
    """One build's page cache: what the last build rendered, and what this one renders."""

    def __init__(self, previous: dict[str, str], read_previous: Callable[[str], str | None]) -> None:
        """`previous`: page key -> path in the last build; `read_previous(path)`: its text, or None
        if the file is not exactly what that build wrote."""
        self.previous = previous
        self.read_previous = read_previous
        self.hasher = Hasher()
        self.rendered: dict[int, tuple[str, str]] = {}  # id(text) -> (key, text)
        self._env_keys: dict[int, tuple[object, bytes]] = {}
        self._template_keys: dict[tuple[int, str], bytes] = {}
        self.hits = 0
        self.misses = 0
        self.uncacheable = 0

    def render(self, template: jinja2.Template, ctx: dict[str, Any], render: Callable[[], str]) -> str:
        env = template.environment
        self.hasher.forget_unshared()  # the previous page's context is gone by now
        self.hasher.template_source = lambda name: self._template_key(env.get_template(name))
        try:
            key = hashlib.blake2b(self._env_key(template.environment) + self._template_key(template)
                                  + self.hasher.digest(ctx), digest_size=20).hexdigest()
        except Uncacheable:
            self.uncacheable += 1
            return render()
        text = None
        path = self.previous.get(key)
        if path is not None:
            text = self.read_previous(path)
        if text is None:
            text = render()
            self.misses += 1
        else:
            self.hits += 1
        self.rendered[id(text)] = (key, text)
        return text

    def key_of(self, text: str) -> str | None:
        """The key `text` was rendered (or read back) under, if it came out of a cached template;
        forgotten once asked, so a streaming build does not keep every page's text alive here."""
        entry = self.rendered.pop(id(text), None)
        if entry is not None and entry[1] is text:
            return entry[0]
        return None

    def keys_for(self, pages: dict[str, str]) -> dict[str, str]:
        """Path -> page key, for the pages of `pages` that came out of a cached template unchanged."""
        out = {}
        for path, text in pages.items():
            entry = self.rendered.get(id(text))
            if entry is not None and entry[1] is text:
                out[path] = entry[0]
        return out

    def _env_key(self, env: jinja2.Environment) -> bytes:
        hit = self._env_keys.get(id(env))
        if hit is not None and hit[0] is env:
            return hit[1]
        h = hashlib.blake2b(digest_size=16)
        for attr in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline", "newline_sequence",
                     "autoescape", "finalize", "undefined"):
            value = getattr(env, attr, None)
            h.update(f"{attr}={_callable_id(value) if callable(value) else value!r};".encode())
        for name in sorted(env.globals):
            value = env.globals[name]
            try:
                h.update(name.encode() + b"=" + self.hasher.digest(value))
            except Uncacheable:
                h.update(name.encode() + b"=" + _callable_id(value).encode())
        for table in (env.filters, env.tests):
            for name in sorted(table):
                h.update(f"{name}={_callable_id(table[name])};".encode())
        key = h.digest()
        self._env_keys[id(env)] = (env, key)
        return key

    def _template_key(self, template: jinja2.Template) -> bytes:
        """A hash of the template's source and of every template it extends, includes or imports."""
        env = template.environment
        name = template.name or ""
        cached = self._template_keys.get((id(env), name))
        if cached is not None:
            return cached
        h = hashlib.blake2b(digest_size=16)
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            except (jinja2.TemplateNotFound, AttributeError):
                raise Uncacheable(f"template {current!r} not found") from None
            h.update(f"{current}\0{filename}\0".encode() + source.encode("utf-8", "surrogatepass"))
            for ref in meta.find_referenced_templates(env.parse(source)):
                if ref is None:  # a template chosen at run time: depend on all of them
                    todo.extend(env.list_templates())
                else:
                    todo.append(ref)
        key = h.digest()
        self._template_keys[(id(env), name)] = key
        return key


def read_checked(out: Path, expected: dict[str, tuple]) -> Callable[[str], str | None]:
    """A reader of the last build's files that returns a file's text only if its bytes still hash
    to what was recorded when racekb wrote it (`expected[path][0]`)."""
    from racekb.cache import digest

    def read(path: str) -> str | None:
        entry = expected.get(path)
        if entry is None:
            return None
        try:
            data = (out / path).read_bytes()
        except OSError:
            return None
        if digest(data) != entry[0]:
            return None
        return data.decode("utf-8")

    return read
