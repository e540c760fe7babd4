// jointdesk fraud intelligence: live identifier checks on the report form and the network graph.
// Progressive enhancement only: every fact shown here is also in the server-rendered tables.
"use strict";

(function liveChecks() {
  const form = document.getElementById("report-form");
  if (!form) return;
  const region = () => (document.getElementById("jurisdiction").value || "").trim().toUpperCase();
  form.querySelectorAll("[data-check]").forEach((row) => {
    const type = row.querySelector("select[name^=id_type_]");
    const value = row.querySelector("input[name^=value_]");
    const out = row.querySelector("output");
    let timer = null;
    const check = async () => {
      if (!value.value.trim()) { out.textContent = ""; return; }
      const params = new URLSearchParams({ id_type: type.value, value: value.value });
      if (/^[A-Z]{2}$/.test(region())) params.set("region", region());
      const response = await fetch("/intel/check?" + params.toString(), { credentials: "same-origin" });
      if (!response.ok) return;
      const result = await response.json();
      out.textContent = result.ok ? "✓ " + result.canonical + (result.flags.length ? " (" + result.flags.join(", ") + ")" : "")
                                  : "✗ " + result.message;
      out.className = result.ok ? "ok" : "error";
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(check, 300); };
    value.addEventListener("input", later);
    type.addEventListener("change", check);
  });
})();

(function liveSuggestion() {
  const narrative = document.getElementById("narrative");
  const out = document.getElementById("suggestion-live");
  if (!narrative || !out) return;
  const csrf = document.querySelector("input[name=csrf_token]").value;
  let timer = null;
  const ask = async () => {
    const body = new URLSearchParams({ text: narrative.value, csrf_token: csrf });
    const response = await fetch("/intel/suggest", { method: "POST", body, credentials: "same-origin" });
    if (!response.ok) return;
    const found = (await response.json()).suggestion;
    out.textContent = found && found.label
      ? (found.code || found.label) + " (" + Math.round(found.probability * 100) + " %) — " + out.dataset.note
      : "";
  };
  narrative.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 600); });
})();

(function networkGraph() {
  const svg = document.getElementById("graph");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const nodes = new Map();
  const edges = new Map();
  const expanded = new Set();
  const width = () => svg.clientWidth || 800;
  const height = () => svg.clientHeight || 520;
  const shownTypes = () => new Set([...document.querySelectorAll("input[name=graph_type]:checked")].map((b) => b.value));

  function addGraph(graph, near) {
    graph.nodes.forEach((node) => {
      if (!nodes.has(node.id)) {
        const angle = Math.random() * 2 * Math.PI;
        nodes.set(node.id, { ...node, x: (near ? near.x : width() / 2) + 60 * Math.cos(angle),
                             y: (near ? near.y : height() / 2) + 60 * Math.sin(angle), vx: 0, vy: 0 });
      }
    });
    graph.edges.forEach((edge) => edges.set(edge.source + ">" + edge.target + ":" + edge.kind, edge));
  }

  async function expand(id) {
    if (expanded.has(id)) return;
    expanded.add(id);
    const [kind, uuid] = id.split(":");
    const params = new URLSearchParams();
    if (kind === "r") shownTypes().forEach((t) => params.append("id_type", t));
    const url = `/intel/graph/${kind === "r" ? "report" : "identifier"}/${uuid}?` + params;
    let response = null;
    for (let attempt = 0; attempt < 4; attempt++) {  // a busy server may answer 5xx for a moment
      response = await fetch(url, { credentials: "same-origin" });
      if (response.ok || response.status < 500) break;
      await new Promise((done) => setTimeout(done, 500 * (attempt + 1)));
    }
    if (!response || !response.ok) { expanded.delete(id); return; }
    addGraph(await response.json(), nodes.get(id));
    settle(120);
  }

  function settle(steps) {
    const list = [...nodes.values()];
    for (let step = 0; step < steps; step++) {
      for (const a of list) for (const b of list) {
        if (a === b) continue;
        const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
        a.vx += (dx / d2) * 400; a.vy += (dy / d2) * 400;
      }
      for (const edge of edges.values()) {
        const a = nodes.get(edge.source), b = nodes.get(edge.target);
        if (!a || !b) continue;
        const dx = b.x - a.x, dy = b.y - a.y;
        a.vx += dx * 0.02; a.vy += dy * 0.02; b.vx -= dx * 0.02; b.vy -= dy * 0.02;
      }
      for (const n of list) {
        n.x = Math.min(width() - 20, Math.max(20, n.x + n.vx * 0.5));
        n.y = Math.min(height() - 20, Math.max(20, n.y + n.vy * 0.5));
        n.vx *= 0.6; n.vy *= 0.6;
      }
    }
    draw();
  }

  function draw() {
    svg.replaceChildren();
    const types = shownTypes();
    const visible = (n) => n && (n.kind === "report" || types.has(n.attrs.id_type));
    for (const edge of edges.values()) {
      const a = nodes.get(edge.source), b = nodes.get(edge.target);
      if (!visible(a) || !visible(b)) continue;
      const line = document.createElementNS(NS, "line");
      Object.entries({ x1: a.x, y1: a.y, x2: b.x, y2: b.y }).forEach(([k, v]) => line.setAttribute(k, v));
      line.setAttribute("class", "edge " + edge.kind + (edge.kind === "sighting" && !edge.attrs.links ? " nolink" : ""));
      svg.appendChild(line);
    }
    for (const node of nodes.values()) {
      if (!visible(node)) continue;
      const group = document.createElementNS(NS, "g");
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "button");
      const shape = document.createElementNS(NS, node.kind === "report" ? "rect" : "circle");
      if (node.kind === "report") {
        Object.entries({ x: node.x - 7, y: node.y - 7, width: 14, height: 14 }).forEach(([k, v]) => shape.setAttribute(k, v));
      } else {
        Object.entries({ cx: node.x, cy: node.y, r: 6 }).forEach(([k, v]) => shape.setAttribute(k, v));
      }
      shape.setAttribute("class", "node " + node.kind + " " + (node.attrs.state || ""));
      const label = document.createElementNS(NS, "text");
      label.setAttribute("x", node.x + 9); label.setAttribute("y", node.y + 4);
      label.textContent = node.kind === "report" ? node.label : node.attrs.id_type + " " + node.label;
      const title = document.createElementNS(NS, "title");
      title.textContent = label.textContent + (node.attrs.state && node.attrs.state !== "normal" ? " (" + node.attrs.state + ")" : "");
      group.append(shape, label, title);
      group.setAttribute("aria-label", title.textContent);
      const open = () => expand(node.id);
      group.addEventListener("click", open);
      group.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      svg.appendChild(group);
    }
  }

  document.querySelectorAll("input[name=graph_type]").forEach((box) => box.addEventListener("change", draw));
  (svg.dataset.seeds || "").split(",").filter(Boolean).forEach((id) => expand("r:" + id));
})();
