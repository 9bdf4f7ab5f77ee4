// Renders a Grafana dashboard JSON (served as /dashboard.json) with uPlot: its query variables (label_values, chained),
// its timeseries panels (queries, legends, units, decimals, min, threshold lines) at their grid positions, and the
// firing alerts above them. Prometheus is reached through this page's own server (/api/v1/...). Refreshes every 5 s.
"use strict";

const PALETTE = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#705da0", "#37872d", "#fade2a"];
const SUPPORTED = new Set(["timeseries", "graph"]);
const REFRESH_MS = 5000;
const state = { dashboard: null, range: 3600, chosen: {}, options: {}, charts: new Map() };

async function api(path, params) {
  const url = path + "?" + new URLSearchParams(params).toString();
  const response = await fetch(url);
  const body = await response.json();
  if (body.status !== "success") {
    throw new Error((body.error || ("HTTP " + response.status)) + " (" + (params.query || params["match[]"] || path) + ")");
  }
  return body.data;
}

// Grafana's substitution for Prometheus: one value regex-escaped, several as (a|b), All as allValue (or every value).
function escapeRegex(value) {
  return value.replace(/[\\^$.|?*+()[\]{}\/]/g, "\\\\$&");
}

function substitute(text) {
  return text.replace(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (match, a, b, c) => {
    const name = a || b || c;
    if (name.startsWith("__")) {
      return name.endsWith("_ms") ? "60000" : "1m";
    }
    const variable = variables().find(v => v.name === name);
    if (!variable) {
      return match;
    }
    const chosen = state.chosen[name] || ["$__all"];
    if (chosen.includes("$__all")) {
      if (variable.allValue) {
        return variable.allValue;
      }
      const all = state.options[name] || [];
      return all.length ? "(" + all.map(escapeRegex).join("|") + ")" : ".*";
    }
    return chosen.length === 1 ? escapeRegex(chosen[0]) : "(" + chosen.map(escapeRegex).join("|") + ")";
  });
}

function variables() {
  return ((state.dashboard.templating || {}).list || []).filter(v => v.type === "query");
}

function variableQuery(v) {
  return typeof v.query === "string" ? v.query : (v.query || {}).query || v.definition || "";
}

// Reloads the options of every variable from `from` on (a chained variable after the one it reads).
async function loadVariables(from) {
  const list = variables();
  for (let i = from; i < list.length; i++) {
    const v = list[i];
    const m = /^\s*label_values\(\s*(?:(.*),\s*)?(\w+)\s*\)\s*$/s.exec(variableQuery(v));
    let values = [];
    if (m) {
      const params = { start: String(Date.now() / 1000 - state.range) };
      if (m[1]) {
        params["match[]"] = substitute(m[1]);
      }
      try {
        values = await api("/api/v1/label/" + m[2] + "/values", params);
      } catch (e) {
        values = [];
      }
    }
    state.options[v.name] = values;
    const chosen = (state.chosen[v.name] || ["$__all"]).filter(x => x === "$__all" || values.includes(x));
    state.chosen[v.name] = chosen.length ? chosen : (v.includeAll ? ["$__all"] : values.slice(0, 1));
    renderVariable(v, i);
  }
}

function renderVariable(v, index) {
  let select = document.getElementById("var-" + v.name);
  if (!select) {
    const label = document.createElement("label");
    label.textContent = v.label || v.name;
    select = document.createElement("select");
    select.id = "var-" + v.name;
    select.name = v.name;
    select.multiple = !!v.multi;
    select.size = 1;
    select.addEventListener("change", async () => {
      const picked = Array.from(select.selectedOptions).map(o => o.value);
      state.chosen[v.name] = picked.includes("$__all") || picked.length === 0 ? ["$__all"] : picked;
      await loadVariables(index + 1);
      await refreshPanels(true);
    });
    label.appendChild(select);
    document.getElementById("variables").appendChild(label);
  }
  const options = (v.includeAll ? [["$__all", "All"]] : []).concat(state.options[v.name].map(x => [x, x]));
  select.replaceChildren(...options.map(([value, text]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    option.selected = state.chosen[v.name].includes(value);
    return option;
  }));
}

// Units as Grafana names them; values in the unit the query returns.
function formatter(unit, decimals) {
  const fixed = (x, d) => x.toFixed(decimals != null ? decimals : d);
  const si = x => {
    const a = Math.abs(x);
    if (a >= 1e9) return fixed(x / 1e9, 2) + " G";
    if (a >= 1e6) return fixed(x / 1e6, 2) + " M";
    if (a >= 1e3) return fixed(x / 1e3, 2) + " K";
    return fixed(x, a >= 100 ? 0 : a >= 1 ? 2 : 3);
  };
  switch (unit) {
    case "ms": return x => Math.abs(x) >= 1000 ? fixed(x / 1000, 2) + " s" : fixed(x, Math.abs(x) >= 10 ? 0 : 2) + " ms";
    case "s": return x => Math.abs(x) < 1 && x !== 0 ? fixed(x * 1000, 0) + " ms" : fixed(x, 2) + " s";
    case "percent": return x => fixed(x, 1) + "%";
    case "percentunit": return x => fixed(x * 100, 1) + "%";
    case "bytes": return x => si(x) + "B";
    default: return si;
  }
}

function legend(format, labels) {
  if (!format || format === "__auto") {
    return JSON.stringify(labels);
  }
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => labels[name] || "");
}

function panels() {
  const list = [];
  for (const p of state.dashboard.panels || []) {
    if (p.type === "row") {
      (p.panels || []).forEach(inner => list.push(inner));
    } else {
      list.push(p);
    }
  }
  return list;
}

function layout() {
  const container = document.getElementById("panels");
  for (const p of panels()) {
    const div = document.createElement("div");
    div.className = "panel";
    div.dataset.panelId = p.id;
    div.dataset.type = p.type;
    const g = p.gridPos || { x: 0, y: 0, w: 12, h: 8 };
    div.style.gridColumn = (g.x + 1) + " / span " + g.w;
    div.style.gridRow = (g.y + 1) + " / span " + g.h;
    const title = document.createElement("h2");
    title.textContent = p.title;
    title.title = p.description || "";
    const body = document.createElement("div");
    body.className = "body";
    div.append(title, body);
    if (!SUPPORTED.has(p.type)) {
      div.classList.add("unsupported");
      div.dataset.state = "unsupported";
      body.textContent = "Panel type '" + p.type + "' is not drawn here: open this dashboard in Grafana to see it.";
    } else {
      div.dataset.state = "loading";
      body.innerHTML = '<div class="note">loading</div>';
    }
    container.appendChild(div);
  }
}

function step() {
  return state.range <= 900 ? 5 : state.range <= 3600 ? 15 : 60;
}

async function refreshPanel(p, rebuild) {
  const div = document.querySelector('.panel[data-panel-id="' + p.id + '"]');
  const body = div.querySelector(".body");
  const end = Math.floor(Date.now() / 1000 / step()) * step();
  const start = end - state.range;
  const xs = [];
  for (let t = start; t <= end; t += step()) {
    xs.push(t);
  }
  const series = [];
  try {
    for (const target of (p.targets || []).filter(t => !t.hide)) {
      const data = await api("/api/v1/query_range", { query: substitute(target.expr), start, end, step: step() });
      for (const s of data.result) {
        const values = new Map(s.values.map(([t, v]) => [Math.round(t), Number(v)]));
        series.push({ label: legend(target.legendFormat, s.metric), data: xs.map(t => values.has(t) ? values.get(t) : null) });
      }
    }
  } catch (e) {
    state.charts.get(p.id)?.destroy();
    state.charts.delete(p.id);
    div.dataset.state = "error";
    div.dataset.series = "0";
    body.innerHTML = "";
    const error = document.createElement("div");
    error.className = "error";
    error.textContent = e.message;
    body.appendChild(error);
    return;
  }
  series.sort((a, b) => a.label.localeCompare(b.label));
  div.dataset.series = String(series.length);
  div.dataset.points = String(series.reduce((n, s) => n + s.data.filter(v => v != null && !Number.isNaN(v)).length, 0));
  div.dataset.seriesLabels = JSON.stringify(series.map(s => s.label));
  div.dataset.state = series.length ? "ok" : "empty";
  const data = [xs, ...series.map(s => s.data)];
  const chart = state.charts.get(p.id);
  const labels = series.map(s => s.label).join("\n");
  if (chart && !rebuild && chart.livefeedLabels === labels) {
    chart.setData(data);
    return;
  }
  chart?.destroy();
  body.innerHTML = "";
  if (!series.length) {
    body.innerHTML = '<div class="note">No data</div>';
    state.charts.delete(p.id);
    return;
  }
  const created = new uPlot(options(p, series, body), data, body);
  created.livefeedLabels = labels;
  state.charts.set(p.id, created);
}

function options(p, series, body) {
  const defaults = (p.fieldConfig || {}).defaults || {};
  const format = formatter(defaults.unit, defaults.decimals);
  const custom = defaults.custom || {};
  const lines = ((custom.thresholdsStyle || {}).mode || "off").includes("line")
    ? ((defaults.thresholds || {}).steps || []).filter(s => s.value != null) : [];
  const color = c => ({ red: "#f2495c", green: "#73bf69", orange: "#ff9830", yellow: "#fade2a" })[c] || c || "#f2495c";
  return {
    width: Math.max(200, body.clientWidth),
    height: Math.max(100, body.clientHeight - 40),
    legend: { show: true },
    // The dashboard's timezone (Grafana's "utc" or the browser's), in 24-hour time.
    tzDate: ts => state.dashboard.timezone === "utc" ? uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC") : new Date(ts * 1e3),
    scales: {
      x: { time: true },
      y: {
        range: (u, min, max) => {
          let lo = defaults.min != null ? defaults.min : Math.min(min, 0);
          let hi = Math.max(max, ...lines.map(s => s.value));
          if (!(hi > lo)) hi = lo + 1;
          return [lo, hi + (hi - lo) * 0.05];
        },
      },
    },
    axes: [
      {
        stroke: "#8e8e9c", grid: { stroke: "#2c3235" },
        values: [[3600, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", null, "\n{MM}-{DD}", null, null, null, 1],
          [60, "{HH}:{mm}", "\n{YYYY}-{MM}-{DD}", null, "\n{MM}-{DD}", null, null, null, 1],
          [1, "{HH}:{mm}:{ss}", "\n{YYYY}-{MM}-{DD} {HH}:{mm}", null, "\n{MM}-{DD} {HH}:{mm}", null, "\n{HH}:{mm}", null, 1]],
      },
      { stroke: "#8e8e9c", grid: { stroke: "#2c3235" }, size: 70, values: (u, ticks) => ticks.map(format) },
    ],
    series: [{}].concat(series.map((s, i) => ({
      label: s.label,
      stroke: PALETTE[i % PALETTE.length],
      width: custom.lineWidth || 1,
      fill: PALETTE[i % PALETTE.length] + "1a",
      spanGaps: !!custom.spanNulls,
      points: { show: (u, si, i0, i1) => i1 - i0 < 60 || u.data[si].filter(v => v != null).length < 20, size: 4 },
      value: (u, v) => v == null ? "-" : format(v),
    }))),
    hooks: {
      draw: [u => {
        const ctx = u.ctx;
        for (const s of lines) {
          const y = Math.round(u.valToPos(s.value, "y", true));
          ctx.save();
          ctx.strokeStyle = color(s.color);
          ctx.lineWidth = 1;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.restore();
        }
      }],
    },
  };
}

async function refreshPanels(rebuild) {
  await Promise.all(panels().filter(p => SUPPORTED.has(p.type)).map(p => refreshPanel(p, rebuild)));
  document.getElementById("refreshed").textContent = "updated " + new Date().toISOString().substring(11, 19) + " UTC";
}

async function refreshAlerts() {
  const section = document.getElementById("alerts");
  let alerts;
  try {
    alerts = (await api("/api/v1/alerts", {})).alerts.filter(a => a.state === "firing");
  } catch (e) {
    section.textContent = "alerts: " + e.message;
    return;
  }
  section.replaceChildren(...alerts.map(a => {
    const div = document.createElement("div");
    const severity = a.labels.severity || "none";
    div.className = "alert " + severity;
    div.dataset.alertname = a.labels.alertname;
    const where = ["venue", "symbol", "feature"].filter(l => a.labels[l]).map(l => a.labels[l]).join(" ");
    div.textContent = "FIRING " + a.labels.alertname + (where ? " (" + where + ")" : "") + " [" + severity + "]: "
      + ((a.annotations || {}).summary || "");
    return div;
  }));
}

async function tick() {
  try {
    await loadVariables(0);
    await Promise.all([refreshPanels(false), refreshAlerts()]);
  } finally {
    setTimeout(tick, REFRESH_MS);
  }
}

async function main() {
  state.dashboard = await (await fetch("/dashboard.json")).json();
  document.title = state.dashboard.title;
  document.getElementById("title").textContent = state.dashboard.title;
  const from = ((state.dashboard.time || {}).from || "now-1h").replace("now-", "");
  const seconds = { "15m": 900, "1h": 3600, "6h": 21600 }[from] || 3600;
  const range = document.getElementById("range");
  range.value = String(seconds);
  state.range = seconds;
  range.addEventListener("change", async () => {
    state.range = Number(range.value);
    await refreshPanels(true);
  });
  layout();
  window.addEventListener("resize", () => refreshPanels(true));
  await tick();
}

main();
