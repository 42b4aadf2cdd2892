"""What `racekb serve` adds to the pages it serves: live reload, and a rebuild's problems shown
over the open page until a rebuild fixes them (as Hugo's and Vite's error overlays do).

Never part of build/: the server adds the script to each HTML response (racekb.livereload). The
page polls VERSION_PATH?status for {"version", "problems"}: a new version reloads the page (a
rebuild finished); problems are drawn in a fixed panel, and the panel goes when they do.
"""

from __future__ import annotations

from racekb.model.errors import BuildFailed, RacekbError, shown

VERSION_PATH = "/__racekb/version"
OVERLAY_ID = "racekb-errors"

RELOAD_SCRIPT = """<script>/* racekb serve: live reload and the rebuild's problems (never in the built site) */
(function(){var v=null,box=null;
function show(p){if(!p.length){if(box){box.remove();box=null}return}
if(!box){box=document.createElement("div");box.id="%(id)s";box.setAttribute("role","alert");
box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;"+
"margin:0;padding:12px 16px;background:#2b0b0b;color:#ffecec;border-top:4px solid #e5484d;"+
"font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left";
document.body.appendChild(box)}
var h=document.createElement("p"),ul=document.createElement("ul");h.style.cssText="margin:0 0 6px;font-weight:bold";
h.textContent="racekb serve: the last rebuild found "+p.length+(p.length==1?" problem":" problems")+
"; the site shown is the last good one. Fix and save: this goes away.";
p.forEach(function(t){var li=document.createElement("li");li.textContent=t;ul.appendChild(li)});
ul.style.cssText="margin:0;padding-left:1.2em";box.replaceChildren(h,ul)}
function poll(){fetch("%(path)s?status",{cache:"no-store"}).then(function(r){return r.json()})
.then(function(s){if(v!==null&&s.version!==v){location.reload();return}v=s.version;show(s.problems||[]);
setTimeout(poll,700)}).catch(function(){setTimeout(poll,2000)})}poll()})();</script>
""" % {"id": OVERLAY_ID, "path": VERSION_PATH}

# served for every address while no build has succeeded yet (the first one failed)
NO_SITE_PAGE = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>racekb serve: no site yet</title>'
                b"</head><body><h1>No site built yet</h1><p>The first build failed; fix the problems listed "
                b"below and save, and this page reloads with the site.</p></body></html>")


def problem_lines(exc: BaseException) -> list[str]:
    """A failed build's problems, one line each, as the command line prints them."""
    if isinstance(exc, BuildFailed):
        return [shown(p) for p in exc.problems]
    if isinstance(exc, RacekbError):
        return [shown(exc)]
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return [shown(f"{where}{exc.strerror or exc}")]
    return [f"internal error ({type(exc).__name__}: {shown(exc)}); this is a bug in racekb"]
