"use strict";
// The vpcsim web console: the diagram (GET /api/graph.svg), a resource's
// show and routes documents (GET /api/show/ID, /api/routes/ID), a traced
// flow (GET /api/trace) drawn on the diagram, and check's findings
// (GET /api/check).  Every document is the CLI's --json; nothing is
// fetched from anywhere but this server, and data is inserted as text.
(function () {
  const $ = (id) => document.getElementById(id);
  let selected = null;

  function text(el, s) { el.textContent = s; }

  async function getJSON(url) {
    const r = await fetch(url, { cache: "no-store" });
    let body = null;
    try { body = await r.json(); } catch (e) { body = { error: "not JSON (" + r.status + ")" }; }
    return { ok: r.ok, status: r.status, body: body };
  }

  function traceParams() {
    const p = new URLSearchParams();
    for (const k of ["from", "to", "proto", "port"]) {
      const v = $(k).value.trim();
      if (v) p.set(k, v);
    }
    return p;
  }

  // The SVG parsed as XML and adopted: no markup of ours is built from strings.
  async function loadDiagram(params) {
    const q = params && [...params.keys()].length ? "?" + params.toString() : "";
    const r = await fetch("/api/graph.svg" + q, { cache: "no-store" });
    const src = await r.text();
    if (!r.ok) {
      let msg = src;
      try { msg = JSON.parse(src).error; } catch (e) { /* as it came */ }
      text($("diagram"), "The diagram could not be drawn: " + msg);
      return;
    }
    const doc = new DOMParser().parseFromString(src, "image/svg+xml");
    const svg = document.importNode(doc.documentElement, true);
    const box = $("diagram");
    box.replaceChildren(svg);
    for (const g of svg.querySelectorAll("g.node, g.cluster")) {
      const id = resourceId(g);
      if (!id) continue;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", id);
    }
  }

  // The AWS id a diagram element stands for, or null (zones, regions, ...).
  function resourceId(g) {
    let id = g.getAttribute("id") || "";
    if (id.startsWith("info-")) id = id.slice(5);
    if (/^(account-|region-|az-|outside$|trace-|empty-|graph\d|internet$)/.test(id)) return null;
    return id || null;
  }

  async function select(id, el) {
    if (selected) selected.classList.remove("selected");
    selected = el || null;
    if (selected) selected.classList.add("selected");
    $("lookup-id").value = id;
    const show = await getJSON("/api/show/" + encodeURIComponent(id));
    text($("show"), JSON.stringify(show.body, null, 2));
    const routes = await getJSON("/api/routes/" + encodeURIComponent(id));
    text($("routes"), routes.ok ? JSON.stringify(routes.body, null, 2) : "(no routes: " + routes.body.error + ")");
  }

  function onDiagram(ev) {
    const g = ev.target.closest && ev.target.closest("g.node, g.cluster");
    if (!g) return;
    const id = resourceId(g);
    if (id) select(id, g);
  }

  function hopText(h, ret) {
    const c = h.component || {};
    let s = (ret ? "r" : "") + h.seq + ". " + (c.id || "?");
    if (c.name) s += " (" + c.name + ")";
    s += " " + (h.action || "");
    if (c.type) s += " [" + c.type + "]";
    return s;
  }

  // The hops of one path of a trace document, then what blocked it.
  function listPath(pa, ret) {
    for (const h of (pa && pa.hops) || []) {
      const li = document.createElement("li");
      const blocked = h.action === "denied" || h.action === "dropped";
      li.className = "hop" + (ret ? " return" : "") + (blocked ? " blocked" : "");
      li.dataset.seq = h.seq;
      li.dataset.component = (h.component && h.component.id) || "";
      text(li, hopText(h, ret));
      $("hops").append(li);
    }
    for (const x of (pa && pa.explanations) || []) {
      const li = document.createElement("li");
      li.className = "explanation" + (ret ? " return" : "");
      li.dataset.code = x.code;
      text(li, (ret ? "return: " : "") + x.code + ": " + x.message);
      $("explanations").append(li);
    }
  }

  async function runTrace() {
    const p = traceParams();
    if (!p.get("from") || !p.get("to")) return;
    history.replaceState(null, "", "?" + p.toString());
    text($("trace-verdict"), "Tracing\u2026");
    $("hops").replaceChildren();
    $("explanations").replaceChildren();
    const r = await getJSON("/api/trace?" + p.toString());
    if (!r.ok) {
      $("trace-verdict").className = "verdict-no";
      text($("trace-verdict"), "Could not trace: " + r.body.error);
      return;
    }
    const t = r.body;
    $("trace-verdict").className = t.reachable ? "verdict-ok" : "verdict-no";
    text($("trace-verdict"), t.reachable ? "Reachable both ways" :
      (t.forward && t.forward.reachable ? "The reply does not get back" : "Forward path blocked"));
    listPath(t.forward, false);
    // the reply's path, as the diagram draws it: only once the request arrived
    if (t.forward && t.forward.reachable && t.return) {
      const li = document.createElement("li");
      li.className = "path-head";
      text(li, t.return.reachable ? "Return (r):" : "Return (r), blocked:");
      $("hops").append(li);
      listPath(t.return, true);
    }
    await loadDiagram(p);
  }

  async function loadCheck() {
    const r = await getJSON("/api/check");
    const c = r.body;
    if (!r.ok || !c.findings) { text($("check-summary"), "check: " + (c.error || r.status)); return; }
    text($("snapshot"), c.snapshot || "");
    text($("check-summary"), (c.valid ? "Valid" : "Not valid") + ": " + c.errors + " errors, " + c.warnings + " warnings");
    for (const f of c.findings) {
      const li = document.createElement("li");
      li.className = "finding " + f.severity;
      text(li, f.severity + " " + f.code + " " + (f.resource || "") + ": " + f.message);
      $("findings").append(li);
    }
  }

  $("diagram").addEventListener("click", onDiagram);
  $("diagram").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onDiagram(ev); }
  });
  $("trace-form").addEventListener("submit", (ev) => { ev.preventDefault(); runTrace(); });
  $("clear-trace").addEventListener("click", () => {
    for (const k of ["from", "to", "port"]) $(k).value = "";
    $("hops").replaceChildren();
    $("explanations").replaceChildren();
    text($("trace-verdict"), "");
    history.replaceState(null, "", location.pathname);
    loadDiagram(null);
  });
  $("lookup-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = $("lookup-id").value.trim();
    if (id) select(id, null);
  });
  $("use-from").addEventListener("click", () => { $("from").value = $("lookup-id").value.trim(); });
  $("use-to").addEventListener("click", () => { $("to").value = $("lookup-id").value.trim(); });

  // A link with ?from=..&to=.. opens on that trace, ?select=ID on that resource.
  const q = new URLSearchParams(location.search);
  for (const k of ["from", "to", "proto", "port"]) if (q.get(k)) $(k).value = q.get(k);
  loadCheck();
  const shown = q.get("from") && q.get("to") ? runTrace() : loadDiagram(null);
  if (q.get("select")) {
    const id = q.get("select");
    shown.then(() => {
      const el = [...document.querySelectorAll("#diagram g.node, #diagram g.cluster")]
        .find((g) => resourceId(g) === id);
      select(id, el || null);
    });
  }
})();
