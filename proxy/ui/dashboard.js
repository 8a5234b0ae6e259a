// semcache dashboard: reads the proxy's JSON endpoints with the token from the
// sign-in form (kept in sessionStorage, sent as Authorization: Bearer) and draws
// its plots as plain SVG. No libraries, nothing loaded from elsewhere.
"use strict";

(function () {
  const TOKEN_KEY = "semcache.token";
  const REFRESH_MS = 10000;
  const RECENT_SHOWN = 25;
  const OUTCOMES = ["exact", "semantic", "miss", "bypass"];
  const SVG = "http://www.w3.org/2000/svg";
  const W = 600, H = 200, LEFT = 52, RIGHT = 10, TOP = 10, BOTTOM = 24;
  let timer = null;
  let role = null;

  const $ = (id) => document.getElementById(id);

  // -- talking to the proxy ---------------------------------------------------

  class Unauthorized extends Error {}

  async function api(path, options) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Authorization: "Bearer " + token }, init.headers);
    const response = await fetch(path, init);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (response.status === 401) throw new Unauthorized(message(body, response));
    if (!response.ok) throw new Error(message(body, response));
    return body;
  }

  function message(body, response) {
    const error = body && body.error;
    return (error && error.message) || response.status + " " + response.statusText;
  }

  function post(path, payload) {
    return api(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  }

  // -- signing in and out -------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    await start();
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (timer !== null) clearInterval(timer);
    timer = null;
    role = null;
    $("board").hidden = true;
    $("login").hidden = false;
    for (const id of ["signout", "refresh", "role"]) $(id).hidden = true;
    $("login-error").textContent = reason || "";
    setStatus("");
  }

  async function start() {
    if (!sessionStorage.getItem(TOKEN_KEY)) { signOut(); return; }
    try {
      await refresh();
    } catch (e) {
      if (e instanceof Unauthorized) { signOut("That token was refused: " + e.message); return; }
      signOut(e.message);
      return;
    }
    $("login").hidden = true;
    $("board").hidden = false;
    for (const id of ["signout", "refresh", "role"]) $(id).hidden = false;
    if (role === "admin") await searchEntries();
    if (timer === null) timer = setInterval(tick, REFRESH_MS);
  }

  async function tick() {
    if (document.hidden) return;
    try { await refresh(); } catch (e) { handle(e); }
  }

  function handle(error) {
    if (error instanceof Unauthorized) signOut("Signed out: " + error.message);
    else setStatus("error: " + error.message);
  }

  function setStatus(text) { $("status").textContent = text; }

  // -- one refresh ----------------------------------------------------------------

  async function refresh() {
    const [series, stats, recent] = await Promise.all([
      api("/semcache/series"), api("/semcache/stats"), api("/semcache/recent"),
    ]);
    role = series.role;
    document.body.classList.toggle("viewer", role !== "admin");
    $("role").textContent = role === "admin" ? "admin" : "read-only";
    drawTiles(stats);
    drawCharts(series);
    drawTenants(stats.namespaces || {});
    drawRecent(recent);
    setStatus("updated " + new Date().toLocaleTimeString());
  }

  // -- tiles ------------------------------------------------------------------------

  function drawTiles(stats) {
    const p = stats.proxy, c = stats.cache, limits = stats.limits || {};
    const hits = p.hits_exact + p.hits_semantic;
    const looked = hits + p.misses;
    $("t-hit-rate").textContent = looked ? percent(hits / looked) : "–";
    $("t-requests").textContent = count(looked + p.bypasses);
    $("t-upstream").textContent = count(p.misses + p.bypasses);
    $("t-tokens").textContent = count(p.tokens_saved);
    $("t-cost").textContent = "$" + Number(p.cost_saved_usd).toFixed(4);
    gauge("entries", c.entries || 0, limits.max_entries, count);
    gauge("bytes", c.bytes || 0, limits.max_bytes, bytes);
    $("t-evictions").textContent = count(c.evictions || 0);
    $("t-expirations").textContent = count(c.expirations || 0);
  }

  function gauge(name, value, limit, format) {
    const shown = limit ? format(value) + " of " + format(limit) : format(value) + " (no limit)";
    $("t-" + name).textContent = shown;
    const meter = $("m-" + name);
    meter.max = limit || Math.max(value, 1);
    meter.value = value;
    meter.high = meter.max * 0.9;
    meter.title = limit ? percent(value / limit) + " of the limit" : "no limit";
  }

  // -- charts -----------------------------------------------------------------------

  function drawCharts(s) {
    const rows = (o) => ({ name: o, cls: "c-" + o, values: s.requests[o] });
    chart($("chart-requests"), s.times, OUTCOMES.map(rows), { stacked: true });
    chart($("chart-hit-rate"), s.times, [{ name: "hit rate", cls: "c-rate", values: s.hit_rate }], {
      max: 1, format: percent,
    });
    chart($("chart-upstream"), s.times, [
      { name: "upstream calls", cls: "c-miss", values: s.upstream_calls },
      { name: "tokens saved", cls: "c-tokens", values: s.tokens_saved, right: true },
    ], {});
    const latency = [];
    for (const o of OUTCOMES) {
      latency.push({ name: o + " p50", cls: "c-" + o, values: s.latency_ms[o].p50 });
      latency.push({ name: o + " p99", cls: "c-" + o, values: s.latency_ms[o].p99, dashed: true });
    }
    chart($("chart-latency"), s.times, latency, { log: true, format: ms });
  }

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(x, y, content, anchor, parent) {
    const node = el("text", { x: x, y: y, "text-anchor": anchor || "start" }, parent);
    node.textContent = content;
    return node;
  }

  // One chart: lines (or stacked bars) over the bucket times; a right-hand series
  // has its own scale. Marks the drawn points in data-points for whoever checks.
  function chart(svg, times, series, opts) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const n = times.length;
    const left = series.filter((x) => !x.right), right = series.filter((x) => x.right);
    const format = opts.format || count;
    const plotW = W - LEFT - (right.length ? 44 : RIGHT), plotH = H - TOP - BOTTOM;
    const xAt = (i) => LEFT + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
    const scaleL = scale(left, opts, plotH), scaleR = scale(right, {}, plotH);
    drawAxes(svg, times, xAt, scaleL, format, plotW, plotH, right.length ? scaleR : null);
    let points = 0;
    if (opts.stacked) {
      points = bars(svg, series, times, xAt, scaleL, plotW);
    } else {
      for (const s of series) points += line(svg, s, xAt, s.right ? scaleR : scaleL);
    }
    svg.dataset.points = String(points);
    if (!points) text(LEFT + plotW / 2, TOP + plotH / 2, "no requests yet", "middle", svg).classList.add("empty");
    legend(svg.id, series);
  }

  function scale(series, opts, plotH) {
    const values = [];
    if (opts.stacked) {
      const n = series.length ? series[0].values.length : 0;
      for (let i = 0; i < n; i++) values.push(series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
    } else {
      for (const s of series) for (const v of s.values) if (v !== null) values.push(v);
    }
    if (opts.log) {
      const positive = values.filter((v) => v > 0);
      const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...positive, 1))));
      const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...positive, 10))));
      const y = (v) => TOP + plotH - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
      const ticks = [];
      for (let t = lo; t <= hi * 1.001; t *= 10) ticks.push(t);
      return { y: y, ticks: ticks };
    }
    const max = opts.max || nice(Math.max(...values, 1));
    return { y: (v) => TOP + plotH - (v / max) * plotH, ticks: [0, max / 2, max] };
  }

  function nice(value) {
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
    return 10 * power;
  }

  function drawAxes(svg, times, xAt, scaleL, format, plotW, plotH, scaleR) {
    for (const t of scaleL.ticks) {
      const y = scaleL.y(t);
      el("line", { class: "grid", x1: LEFT, x2: LEFT + plotW, y1: y, y2: y }, svg);
      text(LEFT - 6, y + 4, format(t), "end", svg);
    }
    if (scaleR) {
      for (const t of scaleR.ticks) text(LEFT + plotW + 6, scaleR.y(t) + 4, count(t), "start", svg);
    }
    el("line", { class: "axis", x1: LEFT, x2: LEFT + plotW, y1: TOP + plotH, y2: TOP + plotH }, svg);
    const n = times.length, every = Math.max(1, Math.ceil(n / 6));
    for (let i = 0; i < n; i += every) {
      text(xAt(i), H - 6, clock(times[i]), "middle", svg);
    }
  }

  function bars(svg, series, times, xAt, sc, plotW) {
    const n = times.length;
    const width = Math.max(1, Math.min(24, (plotW / Math.max(n, 1)) * 0.8));
    let drawn = 0;
    for (let i = 0; i < n; i++) {
      let base = 0;
      for (const s of series) {
        const v = s.values[i] || 0;
        if (!v) continue;
        const y0 = sc.y(base), y1 = sc.y(base + v);
        const bar = el("rect", { class: "bar " + s.cls, x: xAt(i) - width / 2, y: y1, width: width, height: Math.max(y0 - y1, 1) }, svg);
        const title = el("title", {}, bar);
        title.textContent = s.name + ": " + v + " at " + clock(times[i]);
        base += v;
        drawn += 1;
      }
    }
    return drawn;
  }

  function line(svg, s, xAt, sc) {
    let d = "", drawn = 0, pen = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) { pen = false; return; }
      d += (pen ? "L" : "M") + xAt(i).toFixed(1) + "," + sc.y(v).toFixed(1);
      pen = true;
      drawn += 1;
    });
    if (!drawn) return 0;
    const path = el("path", { class: "line " + s.cls + (s.dashed ? " dashed" : ""), d: d }, svg);
    path.dataset.series = s.name;
    if (drawn === 1 || s.values.filter((v) => v !== null).length === 1) {
      const i = s.values.findIndex((v) => v !== null);
      el("circle", { class: s.cls, cx: xAt(i), cy: sc.y(s.values[i]), r: 3 }, svg);
    }
    return drawn;
  }

  function legend(id, series) {
    const box = document.querySelector('.legend[data-for="' + id + '"]');
    while (box.firstChild) box.removeChild(box.firstChild);
    for (const s of series) {
      if (s.dashed) continue;
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch " + s.cls;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.name.replace(" p50", "") + (s.right ? " (right axis)" : "")));
      box.appendChild(item);
    }
  }

  // -- tables -----------------------------------------------------------------------

  function row(table, cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      if (cell instanceof Node) td.appendChild(cell);
      else if (cell && typeof cell === "object") {
        td.textContent = cell.text;
        if (cell.cls) td.className = cell.cls;
        if (cell.title) td.title = cell.title;
      } else td.textContent = cell === null || cell === undefined ? "" : String(cell);
      tr.appendChild(td);
    }
    table.tBodies[0].appendChild(tr);
    return tr;
  }

  function clearRows(table) {
    const body = table.tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
  }

  function button(label, cls, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (cls) b.className = cls;
    b.addEventListener("click", () => onClick(b));
    return b;
  }

  // A destructive action asks twice: the first click arms the button for 4 s.
  function twoStep(label, onConfirm) {
    return button(label, "danger", (b) => {
      if (!b.classList.contains("armed")) {
        b.classList.add("armed");
        b.textContent = "Confirm " + label.toLowerCase();
        setTimeout(() => { b.classList.remove("armed"); b.textContent = label; }, 4000);
        return;
      }
      onConfirm(b);
    });
  }

  function ns(namespace) {
    const full = String(namespace || "");
    return { text: full.length > 18 ? full.slice(0, 18) + "…" : full, cls: "mono", title: full };
  }

  function drawTenants(namespaces) {
    const table = $("tenants");
    clearRows(table);
    const names = Object.keys(namespaces);
    if (!names.length) row(table, ["no requests yet"]);
    for (const name of names) {
      const c = namespaces[name];
      const cells = [ns(name), c.exact, c.semantic, c.miss, c.bypass, percent(c.hit_rate)];
      if (role === "admin") {
        cells.push(twoStep("Clear", async (b) => {
          b.disabled = true;
          try {
            const done = await post("/semcache/clear", { namespace: name });
            setStatus("cleared " + done.deleted + " entries of " + name);
            await searchEntries();
          } catch (e) { handle(e); b.disabled = false; }
        }));
      }
      row(table, cells);
    }
  }

  // x-semcache-verified: judge (a judge said yes), learned (the entry's learned
  // threshold), threshold (the similarity threshold and the checks); absent on old proxies.
  const DECIDED = { judge: "a judge", learned: "learned threshold", threshold: "similarity + checks" };

  function decidedBy(hit) {
    if (hit.kind === "exact") return "exact match";
    return DECIDED[hit.verified] || "similarity + checks";
  }

  function drawRecent(recent) {
    const table = $("recent");
    clearRows(table);
    $("recent-note").textContent = recent.prompts ? "" : "prompts need the admin token";
    if (!recent.data.length) row(table, ["no hits yet"]);
    const shown = recent.data.slice(0, RECENT_SHOWN);
    if (recent.data.length > shown.length) {
      $("recent-note").textContent += (recent.prompts ? "" : "; ") + "the newest " + shown.length + " of " + recent.data.length;
    }
    for (const hit of shown) {
      const prompt = recent.prompts ? (hit.prompt === null ? "(entry gone)" : hit.prompt) : "–";
      const cells = [
        clock(hit.time), ns(hit.namespace), hit.kind,
        hit.similarity === null ? "" : Number(hit.similarity).toFixed(4),
        decidedBy(hit), { text: prompt, cls: "prompt" },
      ];
      if (role === "admin" && hit.entry_id) {
        cells.push(button("Report wrong", "danger report", async (b) => {
          b.disabled = true;
          try {
            await post("/semcache/feedback", {
              entry_id: hit.entry_id, kind: hit.kind, similarity: Number(hit.similarity), correct: false,
            });
            b.textContent = "Reported";
            setStatus("reported a wrong " + hit.kind + " hit of entry " + hit.entry_id);
          } catch (e) { b.textContent = "Not reported"; b.title = e.message; handle(e); }
        }));
      }
      row(table, cells);
    }
  }

  async function searchEntries(event) {
    if (event) event.preventDefault();
    if (role !== "admin") return;
    const params = new URLSearchParams({ limit: "50" });
    const q = $("q").value.trim(), namespace = $("search-namespace").value.trim();
    if (q) params.set("q", q);
    if (namespace) params.set("namespace", namespace);
    let found;
    try { found = await api("/semcache/entries?" + params.toString()); }
    catch (e) { handle(e); return; }
    const table = $("entries");
    clearRows(table);
    $("entries-status").textContent = found.data.length + " entries" + (q ? ' matching "' + q + '"' : "") +
      (found.data.length === 50 ? " (the 50 newest)" : "");
    for (const entry of found.data) {
      const tr = row(table, [
        clock(entry.created), ns(entry.namespace), entry.hits, bytes(entry.size),
        { text: entry.prompt, cls: "prompt" },
      ]);
      tr.dataset.entryId = entry.id;
      const td = document.createElement("td");
      td.appendChild(button("Delete", "danger delete", async (b) => {
        b.disabled = true;
        try {
          await api("/semcache/entries/" + encodeURIComponent(entry.id), { method: "DELETE" });
          tr.remove();
          $("entries-status").textContent = "deleted entry " + entry.id;
        } catch (e) { b.disabled = false; handle(e); }
      }));
      tr.appendChild(td);
    }
  }

  // -- formats ----------------------------------------------------------------------

  function count(v) {
    const n = Number(v || 0);
    if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(1) + "M";
    if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(1) + "k";
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }
  function percent(v) { return (100 * Number(v || 0)).toFixed(v >= 0.995 || v === 0 ? 0 : 1) + "%"; }
  function ms(v) { return v >= 1000 ? (v / 1000).toFixed(1) + " s" : (v >= 1 ? String(+v.toFixed(1)) : String(+v.toPrecision(2))) + " ms"; }
  function bytes(v) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let n = Number(v || 0), u = 0;
    while (n >= 1000 && u < units.length - 1) { n /= 1000; u += 1; }
    return (u ? n.toFixed(1) : String(n)) + " " + units[u];
  }
  function clock(unix) {
    if (unix === undefined || unix === null || unix === false) return "";
    return new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", signIn);
    $("search-form").addEventListener("submit", searchEntries);
    $("signout").addEventListener("click", () => signOut());
    $("refresh").addEventListener("click", () => tick());
    start();
  });
})();
