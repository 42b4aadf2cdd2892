/* Hover previews: hovering or focusing a link to an entity shows a card with its name, type and
   summary. The data is the search index's entity list (search/entities.js), loaded as a
   script element on the first hover, so it works from file:// and no page carries a copy of it: a
   page's bytes then depend only on what it shows, and a new release rewrites only the pages it
   touches. The card is a tooltip the link points to with aria-describedby. */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "./";
  var S = window.RACEKB_SEARCH = window.RACEKB_SEARCH || {};
  var TYPE_NAMES = {driver: "Driver", team: "Team", car: "Car", championship: "Championship", person: "Person",
                    manufacturer: "Manufacturer", event: "Event", track: "Track", "class": "Class"};
  var data = null, loading = null, wanted = null, card = null, current = null, showTimer = null, hideTimer = null;

  /* entity id ("driver/x") -> its row; an id is its type and the slug of its address. */
  function index(rows) {
    var out = {};
    (rows || []).forEach(function (e) {
      var parts = e[2].split("/");
      out[e[1] + "/" + parts[parts.length - 2]] = {name: e[0], type: TYPE_NAMES[e[1]] || e[1], summary: e[5]};
    });
    return out;
  }

  function withData(then) {
    if (data) { then(); return; }
    if (S.entities) { data = index(S.entities); then(); return; }
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = root + "search/entities.js";
      s.onload = function () { data = index(S.entities); var q = loading; loading = null; q.forEach(function (f) { f(); }); };
      s.onerror = function () { loading = null; };
      document.head.appendChild(s);
    }
    loading.push(then);
  }

  function build() {
    card = document.createElement("div");
    card.id = "entity-preview";
    card.className = "preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", hideSoon);
    document.body.appendChild(card);
  }

  function show(link) {
    wanted = link;
    withData(function () { if (wanted === link) render(link); });  // still wanted once loaded
  }

  function render(link) {
    var d = data[link.getAttribute("data-entity")];
    if (!d) return;
    if (!card) build();
    if (link.title) { link.setAttribute("data-title", link.title); link.removeAttribute("title"); }
    clearTimeout(hideTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    var title = document.createElement("p"), type = document.createElement("span"),
        text = document.createElement("p");
    title.className = "preview-title";
    title.textContent = d.name + " ";
    type.className = "type";
    type.textContent = d.type;
    title.appendChild(type);
    text.textContent = d.summary;
    card.replaceChildren(title, text);  // the summary itself says how many releases name it
    card.hidden = false;
    var r = link.getBoundingClientRect(), width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = width + "px";
    card.style.left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8)) + window.scrollX + "px";
    var below = r.bottom + 8, h = card.offsetHeight;
    card.style.top = (below + h > window.innerHeight && r.top - h - 8 > 0 ? r.top - h - 8 : below) + window.scrollY + "px";
    link.setAttribute("aria-describedby", card.id);
  }

  function hide() {
    wanted = null;
    if (card) card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }
  function hideSoon() { clearTimeout(showTimer); clearTimeout(hideTimer); hideTimer = setTimeout(hide, 150); }
  function entityLink(node) { return node && node.closest ? node.closest("a[data-entity]") : null; }

  document.addEventListener("mouseover", function (ev) {
    var a = entityLink(ev.target);
    if (!a) return;
    clearTimeout(showTimer); clearTimeout(hideTimer);
    showTimer = setTimeout(function () { show(a); }, 120);
  });
  document.addEventListener("mouseout", function (ev) { if (entityLink(ev.target)) hideSoon(); });
  document.addEventListener("focusin", function (ev) { var a = entityLink(ev.target); if (a) show(a); });
  document.addEventListener("focusout", function (ev) { if (entityLink(ev.target)) hide(); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
})();
