/* racekb search: offline, from file:// or any host. The index is a set of scripts under search/
   (see search_index.py); this file loads only the parts a query needs and ranks entity names and
   aliases first, then releases. Every result is built with textContent: nothing from the index is
   ever parsed as HTML. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "./";
  var S = window.RACEKB_SEARCH = window.RACEKB_SEARCH || {};
  var pending = {};
  var TYPE_BOOST = {driver: 3, team: 2.5, car: 2, championship: 2, event: 1.5, person: 1.5,
                    manufacturer: 1, track: 1, "class": 0.5};
  var TYPE_NAMES = {driver: "Driver", team: "Team", car: "Car", championship: "Championship", person: "Person",
                    manufacturer: "Manufacturer", event: "Event", track: "Track", "class": "Class"};

  /* Load one index script once; resolves when its data is in window.RACEKB_SEARCH. */
  function load(name, key) {
    if (S[key] !== undefined) return Promise.resolve(S[key]);
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + "search/" + name + ".js";
        s.onload = function () { resolve(S[key]); };
        s.onerror = function () { delete pending[name]; reject(new Error("could not load " + s.src)); };
        document.head.appendChild(s);
      });
    }
    return pending[name];
  }

  /* The same split as search_index.tokens in Python. */
  function tokenize(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean);
  }

  function maxEdits(n) { return n <= 3 ? 0 : n <= 7 ? 1 : 2; }

  /* Optimal-string-alignment distance, giving up once it exceeds max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  /* How well one word of the query matches one word of a name: exact, prefix, or a near miss. */
  function wordScore(q, w) {
    if (q === w) return 10;
    if (q.length >= 2 && w.indexOf(q) === 0) return 7;
    var m = maxEdits(q.length);
    if (!m) return 0;
    var d = distance(q, w, m);
    return d > m ? 0 : d === 1 ? 5 : 3;
  }

  function textScore(text, q, qt) {
    var words = tokenize(text), t = words.join(" ");
    if (!t) return 0;
    if (t === q) return 100;
    if (t.indexOf(q) === 0) return 85;
    var total = 0, covered = {};
    for (var i = 0; i < qt.length; i++) {
      var best = 0, at = -1;
      for (var j = 0; j < words.length; j++) {
        var s = wordScore(qt[i], words[j]);
        if (s > best) { best = s; at = j; }
      }
      if (!best) return t.indexOf(q) >= 0 ? 40 : 0;
      total += best;
      covered[at] = true;
    }
    /* a name the query covers whole ("Blomquist" ~ the alias "Blomqvist") beats one it covers in part */
    return 40 + 40 * total / (10 * qt.length) + 10 * Object.keys(covered).length / words.length;
  }

  function searchEntities(query, limit) {
    var qt = tokenize(query), q = qt.join(" "), out = [];
    if (!qt.length || !S.entities) return out;
    S.entities.forEach(function (e) {
      var score = textScore(e[0], q, qt);
      e[3].forEach(function (alias) { score = Math.max(score, 0.95 * textScore(alias, q, qt)); });
      if (score > 0) {
        score += Math.min(5, Math.log2(1 + e[4])) + (TYPE_BOOST[e[1]] || 0);
        out.push({kind: "entity", name: e[0], type: e[1], url: e[2], aliases: e[3], releases: e[4],
                  summary: e[5], score: score});
      }
    });
    out.sort(function (a, b) { return b.score - a.score || a.name.localeCompare(b.name); });
    /* a near miss is an answer only when nothing matches much better */
    var floor = out.length ? out[0].score * 0.6 : 0;
    return out.filter(function (r) { return r.score >= floor; }).slice(0, limit || 20);
  }

  function postings(list) {
    var ids = [], n = 0;
    for (var i = 0; i < list.length; i++) { n = i ? n + list[i] : list[i]; ids.push(n); }
    return ids;
  }

  /* The shard holding a word: its first letter, or first two when that shard was split
     (search_index.shard_key in Python). */
  function shardOf(t) {
    var shards = S.meta.shards, k = /[a-z]/.test(t[0]) ? t[0] : "0";
    if (shards.indexOf(k) >= 0) return k;
    return shards.indexOf(t.slice(0, 2)) >= 0 ? t.slice(0, 2) : null;
  }

  /* Releases whose words match every query word (falling back to any), best first. */
  function searchReleases(query, limit) {
    var meta = S.meta;
    if (!meta || !meta.releases) return Promise.resolve([]);
    var stop = {};
    meta.stop.forEach(function (w) { stop[w] = true; });
    var terms = tokenize(query).filter(function (t) { return t.length > 1 && !stop[t]; });
    if (!terms.length) return Promise.resolve([]);
    var keys = {};
    terms.forEach(function (t) { var k = shardOf(t); if (k) keys[k] = true; });
    return Promise.all(Object.keys(keys).map(function (k) { return load("terms-" + k, "terms_" + k); }))
      .then(function () {
        var perTerm = terms.map(function (t) {
          var shard = S["terms_" + shardOf(t)] || {}, hits = {};
          var m = maxEdits(t.length);
          Object.keys(shard).forEach(function (w) {
            var weight = w === t ? 3 : (t.length >= 3 && w.indexOf(t) === 0) ? 2
              : (m && distance(t, w, m) <= m) ? 1 : 0;
            if (!weight) return;
            postings(shard[w]).forEach(function (id) { hits[id] = Math.max(hits[id] || 0, weight); });
          });
          return hits;
        });
        var scores = {}, all = [], any = [];
        perTerm.forEach(function (hits) {
          Object.keys(hits).forEach(function (id) { scores[id] = (scores[id] || 0) + hits[id]; });
        });
        Object.keys(scores).forEach(function (id) {
          var everywhere = perTerm.every(function (h) { return h[id]; });
          (everywhere ? all : any).push(+id);
        });
        var chosen = (all.length ? all : any).sort(function (a, b) { return scores[b] - scores[a] || a - b; })
          .slice(0, limit || 50);
        var chunks = {};
        chosen.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) { return load("releases-" + c, "releases" + c); }))
          .then(function () {
            return chosen.map(function (id) {
              var r = S["releases" + Math.floor(id / meta.chunk)][id % meta.chunk];
              var title = tokenize(r[0]), bonus = 0;
              terms.forEach(function (t) { if (title.indexOf(t) >= 0) bonus += 2; });
              return {kind: "release", name: r[0], date: r[1], url: r[2], summary: r[3], score: scores[id] + bonus};
            }).sort(function (a, b) { return b.score - a.score || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0); });
          });
      });
  }

  function search(query) {
    return load("entities", "entities").then(function () {
      var entities = searchEntities(query, 30);
      return searchReleases(query, 50).then(function (releases) { return entities.concat(releases); });
    });
  }

  function pageHref(url) { return root + url + (/\/$/.test(url) ? "index.html" : ""); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* "2023-10-19" as "19 October 2023", as the pages show dates (racekb/dates.py); other text as is. */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31) return iso;
    return (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
  }

  /* `text` as nodes, with the words that start like a query word in <mark> (never innerHTML). */
  function marked(text, qt) {
    var frag = document.createDocumentFragment(), parts = String(text).split(/(\s+)/);
    parts.forEach(function (part) {
      var word = tokenize(part)[0];
      var hit = word && qt.some(function (q) { return q.length > 1 && (word.indexOf(q) === 0 || wordScore(q, word) >= 3); });
      frag.appendChild(hit ? el("mark", null, part) : document.createTextNode(part));
    });
    return frag;
  }

  function resultItem(r, qt) {
    var li = el("li", "result result-" + r.kind);
    var head = el("p", "result-head");
    var a = el("a");
    a.appendChild(marked(r.name, qt || []));
    a.href = pageHref(r.url);
    head.appendChild(a);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "type", r.kind === "entity" ? (TYPE_NAMES[r.type] || r.type) : "Release"));
    if (r.date) {
      var t = el("time", "meta", longDate(r.date));
      t.setAttribute("datetime", r.date);
      head.appendChild(document.createTextNode(" ")); head.appendChild(t);
    }
    li.appendChild(head);
    if (r.kind === "entity" && r.aliases.length) li.appendChild(el("p", "meta", "Also written " + r.aliases.join(", ")));
    if (r.summary) { var p = el("p", "result-text"); p.appendChild(marked(r.summary, qt || [])); li.appendChild(p); }
    return li;
  }

  /* The search page: reads ?q=, keeps the address in step, so a search can be linked to. */
  function searchPage(input, list, status) {
    var seq = 0, timer = null;
    function run(query, push) {
      var mine = ++seq;
      query = query.trim();
      if (push) {
        try { history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname); } catch (e) { /* file:// may refuse */ }
      }
      document.title = (query ? query + " · " : "") + "Search · racekb";
      if (!query) { list.replaceChildren(); status.textContent = ""; return; }
      status.textContent = "Searching…";
      search(query).then(function (results) {
        if (mine !== seq) return;
        var qt = tokenize(query);
        list.replaceChildren.apply(list, results.map(function (r) { return resultItem(r, qt); }));
        var ents = results.filter(function (r) { return r.kind === "entity"; }).length;
        status.textContent = results.length
          ? results.length + " result" + (results.length === 1 ? "" : "s") + " for “" + query + "”: " + ents + " page" + (ents === 1 ? "" : "s") + ", " + (results.length - ents) + " release" + (results.length - ents === 1 ? "" : "s") + "."
          : "Nothing found for “" + query + "”.";
      }, function (err) { status.textContent = "Search failed: " + err.message; });
    }
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 120);
    });
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); run(input.value, true); });
    run(q, false);
  }

  /* The box in every page header: entity suggestions as you type; Enter opens the search page. */
  function headerBox(input, box) {
    var seq = 0;
    function close() { box.hidden = true; box.replaceChildren(); }
    input.setAttribute("aria-controls", box.id);  /* a plain list of links: no combobox roles to fake */
    input.addEventListener("input", function () {
      var query = input.value.trim(), mine = ++seq;
      if (!query) { close(); return; }
      load("entities", "entities").then(function () {
        if (mine !== seq) return;
        var found = searchEntities(query, 6), ul = el("ul");
        found.forEach(function (r) {
          var li = el("li"), a = el("a", null, r.name);
          a.href = pageHref(r.url);
          li.appendChild(a); li.appendChild(document.createTextNode(" "));
          li.appendChild(el("span", "type", TYPE_NAMES[r.type] || r.type));
          ul.appendChild(li);
        });
        var li = el("li", "all"), a = el("a", null, "All results for “" + query + "”");
        a.href = input.form.getAttribute("action") + "?q=" + encodeURIComponent(query);
        li.appendChild(a); ul.appendChild(li);
        box.replaceChildren(ul);
        box.hidden = false;
      }, close);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") close();
      if (ev.key === "ArrowDown" && !box.hidden) { ev.preventDefault(); box.querySelector("a").focus(); }
    });
    box.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(box.querySelectorAll("a")), i = links.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (ev.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (ev) { if (!input.form.contains(ev.target)) close(); });
  }

  /* A header menu (<details>) left open closes when the reader clicks elsewhere or presses Escape
     (without JavaScript it still opens and closes from its own button). */
  function closeMenus(except) {
    var open = document.querySelectorAll(".sections details[open]");
    for (var i = 0; i < open.length; i++) if (!open[i].contains(except)) open[i].removeAttribute("open");
  }
  document.addEventListener("click", function (ev) { closeMenus(ev.target); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") closeMenus(null); });

  /* "/" focuses the search box from anywhere but a text field, as on MkDocs and GitHub. */
  document.addEventListener("keydown", function (ev) {
    var t = ev.target, tag = t && t.tagName;
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || tag === "INPUT" || tag === "TEXTAREA" || (t && t.isContentEditable)) return;
    var box = document.getElementById("q") || document.getElementById("site-q");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });

  window.racekbSearch = {search: search, searchEntities: searchEntities, tokenize: tokenize, distance: distance};

  function start() {
    var page = document.getElementById("search-results");
    if (page) searchPage(document.getElementById("q"), page, document.getElementById("search-status"));
    var header = document.getElementById("site-q");
    if (header && !page) headerBox(header, document.getElementById("site-suggest"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
