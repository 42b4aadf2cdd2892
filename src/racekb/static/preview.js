/* Hover previews: hovering or focusing a link to an entity shows a card with its name, type and
   summary. The data is embedded in the page (#entity-previews), so nothing is fetched and it
   works from file://. The card is a tooltip the link points to with aria-describedby. */
(function () {
  "use strict";
  var source = document.getElementById("entity-previews");
  if (!source) return;
  var data = JSON.parse(source.textContent), card = null, current = null, showTimer = null, hideTimer = null;

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
    var d = data[link.getAttribute("data-entity")];
    if (!d) return;
    if (!card) build();
    if (link.title) { link.setAttribute("data-title", link.title); link.removeAttribute("title"); }
    clearTimeout(hideTimer);
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    var title = document.createElement("p"), type = document.createElement("span"),
        text = document.createElement("p"), meta = document.createElement("p");
    title.className = "preview-title";
    title.textContent = d.name + " ";
    type.className = "type";
    type.textContent = d.type;
    title.appendChild(type);
    text.textContent = d.summary;
    meta.className = "meta";
    meta.textContent = "Named in " + d.releases + " release" + (d.releases === 1 ? "" : "s");
    card.replaceChildren(title, text, meta);
    card.hidden = false;
    var r = link.getBoundingClientRect(), width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = width + "px";
    card.style.left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8)) + window.scrollX + "px";
    var below = r.bottom + 8, h = card.offsetHeight;
    card.style.top = (below + h > window.innerHeight && r.top - h - 8 > 0 ? r.top - h - 8 : below) + window.scrollY + "px";
    link.setAttribute("aria-describedby", card.id);
  }

  function hide() {
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
