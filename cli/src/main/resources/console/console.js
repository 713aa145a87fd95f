// Sluice console: tasks, the workflow graph of the current execution, every report 'sluice status' has, and the
// actions (create, stop, resume, verify, repair, cutover, throttle). Same-origin JSON calls to the task API with
// the console session cookie; live updates every 2 s, no reload.
"use strict";
const esc = SluiceGraph.esc;
const $ = sel => document.querySelector(sel);
const REFRESH_MS = 2000, CHART_SECONDS = 1800;
const ui = {selected: null, state: null, layouts: new Map(), exec: new Map(), samples: new Map(), busy: false};

async function api(method, path, body) {
  const init = {method, credentials: "same-origin", headers: {Accept: "application/json"}};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = {error: text}; }
  if (!r.ok) {
    const err = new Error((data && data.error) || `${r.status} ${r.statusText}`);
    err.status = r.status; err.data = data;
    throw err;
  }
  return data;
}

const n0 = v => v == null ? "-" : Number(v).toLocaleString("en-US");
const fmtBytes = b => b == null ? "-" : b >= 1 << 30 ? (b / (1 << 30)).toFixed(2) + " GiB" : b >= 1 << 20 ? (b / (1 << 20)).toFixed(1) + " MiB" : b >= 1024 ? (b / 1024).toFixed(1) + " KiB" : b + " B";
const seconds = d => d == null ? null : typeof d === "number" ? d : /^PT/.test(d) ? isoSeconds(d) : Number(d);
function isoSeconds(d) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d);
  return m ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : null;
}
const fmtDuration = s => s == null ? "unknown" : s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round(s % 3600 / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
const bar = (pct, running) => `<span class="bar" title="${pct.toFixed(1)}%"><i class="${running ? "running" : ""}" style="width:${Math.min(100, pct).toFixed(1)}%"></i></span>`;

function notice(text, isError) {
  const el = $("#notice");
  el.textContent = text || "";
  el.className = isError ? "error" : "";
}

function confirmAction(text) {
  const d = $("#confirm-dialog");
  $("#confirm-text").textContent = text;
  return new Promise(resolve => {
    d.addEventListener("close", () => resolve(d.returnValue === "ok"), {once: true});
    d.showModal();
  });
}

// ------------------------------------------------------------------------------------------------ refresh loop

async function refresh() {
  if (ui.busy) return;
  ui.busy = true;
  try {
    const tasks = await api("GET", "/api/tasks");
    $("#conn").textContent = "updated " + new Date().toLocaleTimeString();
    renderTasks(tasks);
    if (!ui.selected && tasks.length) ui.selected = tasks[0].taskId;
    $("#empty").hidden = tasks.length > 0;
    $("#detail").hidden = !ui.selected;
    if (ui.selected) await detail(ui.selected);
  } catch (e) {
    $("#conn").textContent = e.status === 401 ? "not logged in: open the login link 'sluice serve' printed (or run 'sluice console')" : "update failed: " + e.message;
  } finally {
    ui.busy = false;
  }
}

function renderTasks(tasks) {
  const body = $("#tasks tbody");
  body.innerHTML = tasks.map(t => `<tr data-id="${esc(t.taskId)}" class="${t.taskId === ui.selected ? "sel" : ""}">
    <td>${esc(t.taskId)}</td><td>${esc(t.name)}</td><td class="${esc(t.status)}">${esc(t.status)}</td><td>${esc(t.phase)}</td>
    <td>${esc(t.source)} → ${esc(t.destination)}</td><td>${esc(t.createdAt)}</td></tr>`).join("");
  body.querySelectorAll("tr").forEach(r => r.onclick = () => { ui.selected = r.dataset.id; ui.state = null; refresh(); });
}

async function detail(id) {
  const cached = ui.exec.get(id);
  const since = cached ? cached.lastId : 0;
  const [v, ex, chunks, throttle, jobs, history] = await Promise.all([
    api("GET", `/api/tasks/${encodeURIComponent(id)}`),
    api("GET", `/api/tasks/${encodeURIComponent(id)}/execution${cached ? `?since=${since}&arn=${encodeURIComponent(cached.arn)}` : ""}`),
    api("GET", `/api/tasks/${encodeURIComponent(id)}/chunks`),
    api("GET", `/api/tasks/${encodeURIComponent(id)}/throttle`),
    api("GET", `/api/tasks/${encodeURIComponent(id)}/jobs`),
    api("GET", `/api/tasks/${encodeURIComponent(id)}/replication-history`)]);
  const exec = mergeExecution(id, ex);
  sample(id, v, history);
  renderOverview(id, v, exec);
  renderWorkflow(exec, chunks);
  renderPrecheck(v);
  renderSchema(v);
  renderCopy(v, chunks);
  renderVerify(id, v);
  renderReplication(id, v);
  $("#throttle-now").textContent = throttle.inForce || "no limits";
  renderExecutions(exec);
  renderJobs(jobs);
}

/** Keeps the events of the task's current execution, fetching only the new ones. */
function mergeExecution(id, ex) {
  const old = ui.exec.get(id);
  let events = ex.events || [];
  if (old && old.arn === ex.executionArn && ex.incremental) events = old.events.concat(events);
  const merged = {...ex, arn: ex.executionArn, events, lastId: events.length ? events[events.length - 1].id : 0};
  if (!ex.definition && old && old.arn === ex.executionArn) merged.definition = old.definition;
  ui.exec.set(id, merged);
  return merged;
}

// ------------------------------------------------------------------------------------------------ overview + actions

function renderOverview(id, v, exec) {
  const t = v.task, st = t.status;
  const running = ["RUNNING", "STARTING", "STOPPING", "CREATED"].includes(st) || exec.status === "RUNNING";
  const done = st === "CUT_OVER" || (st === "SUCCEEDED" && t.phase === "DONE");
  const replicating = t.phase === "INCREMENTAL" && st === "RUNNING";
  const cut = v.cutover;
  $("#overview").innerHTML = `
    <h2>${esc(t.spec.name || id)} <small class="muted">${esc(id)}</small> <span class="${esc(st)}" id="task-status">${esc(st)}</span></h2>
    <p>phase <b>${esc(t.phase)}</b> · ${esc(t.spec.source.host)}:${esc(t.spec.source.port)} → ${esc(t.spec.destination.host)}:${esc(t.spec.destination.port)}
      · types ${esc((t.spec.types || []).join(", "))} · workflow execution <b class="${esc(exec.status)}">${esc(exec.status || "-")}</b>
      ${v.currentState ? `· now in <b>${esc(v.currentState)}</b>` : ""}</p>
    ${t.error ? `<pre class="error" id="task-error">${esc(t.error)}</pre>` : ""}
    ${v.retrying ? `<p class="alert" id="task-retrying">${esc(v.retrying)}</p>` : ""}
    ${cut && cut.state === "READ_ONLY" ? `<p class="alert">Source ${esc(cut.source)} is read-only because of Sluice's cutover since ${esc(cut.readOnlySince)}; the cutover did not finish. Run <code>sluice cutover ${esc(id)} --abort</code> to give it its previous read_only/super_read_only back.</p>` : ""}
    ${cut && cut.state === "CUT_OVER" ? `<p>Cut over at ${esc(cut.finishedAt)}${cut.writeStopSeconds != null ? ", writes stopped for " + Number(cut.writeStopSeconds).toFixed(1) + " s" : ""}.</p>` : ""}
    <div class="actions">
      <button id="btn-stop" ${!running ? "disabled" : ""}>Stop</button>
      <button id="btn-resume" ${running || done ? "disabled" : ""}>Resume</button>
      <button id="btn-verify" ${done ? "disabled" : ""}>Verify now</button>
      <button id="btn-repair" ${done ? "disabled" : ""}>Verify and repair</button>
      <button id="btn-cutover" class="danger" ${!replicating ? "disabled title='cutover needs a task in replication'" : ""}>Cutover (source read-only)</button>
    </div>`;
  const act = (sel, text, method, path, body, ok) => $(sel).onclick = async () => {
    if (!await confirmAction(text)) return;
    try {
      await api(method, path, body);
      notice(ok);
      refresh();
    } catch (e) {
      notice(e.message, true);
    }
  };
  const p = `/api/tasks/${encodeURIComponent(id)}`;
  act("#btn-stop", `Stop task ${id}? Replication ends at a transaction boundary; earlier phases stop at once. Resume continues from the checkpoints.`, "POST", p + "/stop", {}, `Stop requested for ${id}.`);
  act("#btn-resume", `Resume task ${id} from its persisted phase (${t.phase})?`, "POST", p + "/resume", {}, `Task ${id} resumed.`);
  act("#btn-verify", `Compare source and destination of ${id} now (chunked checksums, row-level differences)? It reads both databases.`, "POST", p + "/verify", {repair: false}, "Verification started; its progress shows under Verify.");
  act("#btn-repair", `Verify ${id} and REPAIR the destination (write missing/changed rows, delete extra rows)?`, "POST", p + "/verify", {repair: true}, "Verification with repair started.");
  act("#btn-cutover", `Cut over ${id}: wait until not delayed, make the SOURCE READ-ONLY (${t.spec.source.host}:${t.spec.source.port}), drain, verify, then mark it CUT_OVER. Applications must switch to the destination afterwards. Continue?`, "POST", p + "/cutover", {readOnly: true}, "Cutover started; its log shows under 'Actions run here'.");
}

// ------------------------------------------------------------------------------------------------ workflow graph

function renderWorkflow(exec, chunks) {
  const box = $("#graph");
  if (!exec.definition) {
    box.innerHTML = `<p class="muted">No workflow execution yet.</p>`;
    return;
  }
  const withCatch = $("#catch-edges").checked, key = exec.definitionHash + (withCatch ? "+catch" : "");
  let entry = ui.layouts.get(key);
  if (!entry) {
    const m = SluiceGraph.model(exec.definition);
    entry = {m, g: SluiceGraph.layout(m, withCatch)};
    ui.layouts.set(key, entry);
  }
  const run = SluiceGraph.classify(entry.m, exec.events, exec.status);
  const draw = () => SluiceGraph.render(box, entry.m, entry.g, run, ui.state, name => { ui.state = name; draw(); stateDetail(entry.m, run, name); });
  draw();
  box.className = $("#fit").checked ? "fit" : "";
  if (ui.state) stateDetail(entry.m, run, ui.state);
  renderMapView(entry.m, run, chunks);
}

function stateDetail(m, run, name) {
  const n = m.nodes.get(name), s = run.states.get(name);
  const pretty = t => { try { return JSON.stringify(JSON.parse(t), null, 2); } catch (e) { return t; } };
  const box = $("#state-detail");
  if (!s) {
    box.innerHTML = `<h4>${esc(name)} <small class="muted">${esc(n.type)}</small></h4><p class="muted">Not run in this execution.</p><pre>${esc(JSON.stringify(n.def, null, 2))}</pre>`;
    return;
  }
  const ev = s.events.slice(-40).map(e => `<tr><td>${esc(e.id)}</td><td>${esc(new Date(e.timestamp).toLocaleTimeString())}</td><td>${esc(e.type)}</td></tr>`).join("");
  box.innerHTML = `<h4 id="state-title">${esc(name)} <small class="muted">${esc(n.type)}</small> <span class="st-${s.status}" style="padding:0 6px;border:2px solid;border-radius:8px">${esc(s.status)}</span></h4>
    <p class="muted">entered ${s.entered}×, exited ${s.exited}×${s.failures ? `, ${s.failures} failed attempt(s)` : ""}${s.origin ? "; the failure of this execution started here" : s.onFailurePath ? "; on the failure path" : ""}</p>
    ${s.error ? `<h5>Error</h5><pre class="error" id="state-error">${esc(s.error)}${s.cause ? "\n" + esc(s.cause) : ""}</pre>` : ""}
    <h5>Input</h5><pre>${esc(pretty(s.input))}</pre>
    <h5>Output</h5><pre>${esc(s.output == null ? "(none yet)" : pretty(s.output))}</pre>
    <h5>Events (last 40)</h5><table>${ev}</table>`;
}

function renderMapView(m, run, chunks) {
  const maps = [...m.nodes.values()].filter(n => n.type === "Map" && run.states.has(n.name));
  const byTable = new Map();
  for (const c of chunks.chunks || []) {
    if (!byTable.has(c.table)) byTable.set(c.table, []);
    byTable.get(c.table).push(c);
  }
  const workers = new Map();
  for (const c of chunks.chunks || []) {
    if (c.slot == null) continue;
    const w = workers.get(c.slot) || {done: 0, rows: 0, current: null};
    if (c.status === "DONE") { w.done++; w.rows += c.rows; } else if (c.status === "CLAIMED") w.current = `${c.table} #${c.seq}${c.rowsCopying ? ` (${n0(c.rowsCopying)} rows streamed)` : ""}`;
    workers.set(c.slot, w);
  }
  const html = maps.map(n => {
    const s = run.states.get(n.name);
    const idx = [...new Set([...s.iterations.keys(), ...workers.keys()])].sort((a, b) => a - b);
    const rows = idx.map(i => {
      const w = workers.get(i) || {done: 0, rows: 0, current: null}, it = s.iterations.get(i) || "-";
      return `<tr data-worker="${i}"><td>worker ${i}</td><td class="st-${it === "succeeded" ? "succeeded" : it === "failed" ? "failed" : it === "started" ? "running" : it === "aborted" ? "aborted" : "notrun"}">${esc(it === "started" ? "running" : it)}</td>
        <td class="num">${w.done}</td><td class="num">${n0(w.rows)}</td><td>${esc(w.current || "")}</td></tr>`;
    }).join("");
    const grid = [...byTable.entries()].map(([t, cs]) => `<div>${esc(t)} <span class="muted">${cs.filter(c => c.status === "DONE").length}/${cs.length} chunks</span>
      <div class="chunks">${cs.map(c => `<i class="${esc(c.status)}" title="${esc(t)} #${c.seq}: ${esc(c.status)}${c.owner ? " by " + esc(c.owner) : ""}, ${n0(c.status === "CLAIMED" ? c.rowsCopying : c.rows)} rows${c.attempts > 1 ? ", " + c.attempts + " attempts" : ""}"></i>`).join("")}</div></div>`).join("");
    return `<h4>Map run: ${esc(n.name)}</h4><table id="map-workers"><thead><tr><th>Item</th><th>Status</th><th class="num">Chunks done</th><th class="num">Rows</th><th>Copying now</th></tr></thead><tbody>${rows}</tbody></table>${grid}`;
  }).join("");
  $("#mapview").innerHTML = html;
}

// ------------------------------------------------------------------------------------------------ reports

function renderPrecheck(v) {
  const p = v.precheck;
  if (!p) { $("#sec-precheck").innerHTML = `<h3>Precheck</h3><p class="muted">${v.connectivity ? "Connectivity: " + esc(v.connectivity) + ". " : ""}The precheck has not run yet.</p>`; return; }
  const count = s => p.results.filter(r => r.status === s).length;
  const order = {FAIL: 0, WARN: 1, PASS: 2};
  const rows = [...p.results].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3)).map(r => `<tr class="check-${esc(r.status)}"><td class="${esc(r.status)}">${esc(r.status)}</td><td>${esc(r.id)}</td><td>${esc(r.found)}</td><td>${esc(r.fix || "")}</td></tr>`).join("");
  $("#sec-precheck").innerHTML = `<h3>Precheck <small class="${p.passed ? "PASS" : "FAIL"}" id="precheck-result">${p.passed ? "passed" : "FAILED"}</small>
    <small class="muted">${count("PASS")} pass, ${count("WARN")} warn, ${count("FAIL")} fail · checked ${esc(p.checkedAt)}</small></h3>
    ${v.connectivity ? `<p>Connectivity: ${esc(v.connectivity)}</p>` : ""}
    <table id="precheck-table"><thead><tr><th>Result</th><th>Check</th><th>What was found</th><th>Fix</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderSchema(v) {
  const reports = v.schema || [];
  if (!reports.length) { $("#sec-schema").innerHTML = `<h3>Schema</h3><p class="muted">No schema report yet.</p>`; return; }
  const html = reports.map(r => {
    const created = Object.entries(r.created || {}).map(([k, c]) => `${c} ${esc(k)}`).join(", ") || "nothing yet";
    const changes = (r.changes || []).concat((r.problems || []).map(p => ({...p, problem: true})));
    return `<p><b>${esc(r.database)}</b> → <b>${esc(r.destinationDatabase)}</b> (${esc(r.source)} → ${esc(r.destination)}): created ${created}${(r.skipped || []).length ? "; skipped " + esc(r.skipped.join(", ")) : ""}${r.finished ? "" : " · in progress"}</p>
      ${changes.length ? `<table class="schema-changes"><thead><tr><th>Object</th><th>Before</th><th>After</th><th>Why</th></tr></thead><tbody>${changes.map(c => `<tr class="${c.problem ? "FAIL" : ""}"><td>${esc(c.object)}</td><td><code>${esc(c.before)}</code></td><td><code>${esc(c.after)}</code></td><td>${esc(c.why)}</td></tr>`).join("")}</tbody></table>` : "<p class='muted'>No conversions: every object was created as it is on the source.</p>"}`;
  }).join("");
  $("#sec-schema").innerHTML = `<h3>Schema report</h3>${html}`;
}

function renderCopy(v, chunks) {
  const c = v.copy;
  if (!c) { $("#sec-copy").innerHTML = `<h3>Full copy</h3><p class="muted">Not planned yet.</p>`; return; }
  // rows of committed chunks plus those streamed so far into running chunks (published every few seconds)
  const percent = x => x.chunksTotal > 0 && x.chunksDone === x.chunksTotal ? 100 : x.rowsEstimated > 0 ? Math.min(99.9, 100 * (x.rowsCopied + (x.rowsCopying || 0)) / x.rowsEstimated) : 0;
  const pct = percent(c);
  const eta = seconds(c.eta);
  const rows = c.tables.map(t => {
    const tp = percent(t);
    return `<tr data-table="${esc(t.table)}"><td>${esc(t.table)}</td><td class="table-percent">${bar(tp, t.chunksRunning > 0)} ${tp.toFixed(1)}%</td><td class="num table-rows">${n0(t.rowsCopied + (t.rowsCopying || 0))} / ${n0(t.rowsEstimated)}</td><td class="num">${t.chunksDone}/${t.chunksTotal}</td><td>${t.chunksRunning ? t.chunksRunning + " copying" + (t.rowsCopying ? `, ${n0(t.rowsCopying)} rows streamed in the running chunk` : "") : ""}</td></tr>`;
  }).join("");
  $("#sec-copy").innerHTML = `<h3>Full copy</h3>
    <div class="cards" id="copy-totals">
      <div class="card">done<b id="copy-percent">${pct.toFixed(1)}%</b>${bar(pct, pct < 100)}</div>
      <div class="card">rows<b id="copy-rows">${n0(c.rowsCopied + (c.rowsCopying || 0))}</b>of ~${n0(c.rowsEstimated)}</div>
      <div class="card">bytes<b>${fmtBytes(chunks.bytesCopied)}</b>${c.chunksDone}/${c.chunksTotal} chunks</div>
      <div class="card">rate<b>${n0(Math.round(c.rowsPerSecond))}</b>rows/s</div>
      <div class="card">ETA<b>${pct >= 100 ? "done" : esc(fmtDuration(eta))}</b></div>
    </div>
    ${c.throttle ? `<p>${esc(c.throttle)}</p>` : ""}
    <table id="copy-tables"><thead><tr><th>Table</th><th>Progress</th><th class="num">Rows copied / estimated</th><th class="num">Chunks</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A table's verification is equal without an error and with nothing missing, extra or changed (TableReport.equal). */
const tableEqual = t => !t.error && !t.missing && !t.extra && !t.changed;

function renderVerify(id, v) {
  const r = v.verifyRun, tables = v.verification || [];
  let html = `<h3>Verify</h3>`;
  if (r && !r.finishedAt) {
    const pct = r.chunksPlanned ? 100 * r.chunksDone / r.chunksPlanned : 0;
    const secs = (Date.parse(r.updatedAt) - Date.parse(r.startedAt)) / 1000;
    html += `<p id="verify-progress">${esc(r.purpose)} running for ${fmtDuration(secs)}: ${bar(pct, true)} ${r.tablesDone < 0 ? r.tablesTotal : r.tablesDone + '/' + r.tablesTotal} tables, ${r.chunksDone}/${r.chunksPlanned} chunks, ${n0(r.rowsCompared)} rows compared</p>`;
  } else if (r) {
    const secs = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
    html += `<p id="verify-result">Last run (${esc(r.purpose)}) finished ${esc(r.finishedAt)} after ${fmtDuration(secs)}: <b>${esc(r.result)}</b>, ${n0(r.rowsCompared)} rows compared in ${r.tablesTotal} tables.</p>`;
  }
  if (tables.length) {
    html += `<table id="verify-tables"><thead><tr><th>Table</th><th>Result</th><th class="num">Source rows</th><th class="num">Missing</th><th class="num">Extra</th><th class="num">Changed</th></tr></thead><tbody>${tables.map(t => `<tr><td>${esc(t.table)}</td><td class="${tableEqual(t) ? "PASS" : "FAIL"}">${tableEqual(t) ? "equal" : esc(t.error || "differs")}</td><td class="num">${n0(t.sourceRows)}</td><td class="num">${n0(t.missing)}</td><td class="num">${n0(t.extra)}</td><td class="num">${n0(t.changed)}</td></tr>`).join("")}</tbody></table>`;
  } else if (!r) {
    html += `<p class="muted">Not verified yet: <b>Verify now</b> compares both sides.</p>`;
  }
  $("#sec-verify").innerHTML = html;
}

/**
 * The delay and events/s chart's points: the samples the replicator stored (every 10 s, the last 30 minutes, so
 * the chart survives page loads and restarts) followed by this page's own samples (every refresh) after them.
 */
function sample(id, v, history) {
  const r = v.replication;
  if (!r) return;
  const stored = ((history && history.samples) || []).map(([t, delay, rows, tx]) => ({t, delay, rows, tx, stored: true}));
  const lastStored = stored.length ? stored[stored.length - 1].t : 0;
  const own = (ui.samples.get(id) || []).filter(s => !s.stored && s.t > lastStored);
  const t = Date.now() / 1000;
  const live = v.task.status === "RUNNING" || v.task.status === "STOPPING";
  if (live) own.push({t, delay: r.caughtUp ? 0 : r.delaySeconds, rows: r.rows, tx: r.transactions});
  const list = stored.concat(own).filter(s => s.t >= t - CHART_SECONDS);
  ui.samples.set(id, list);
}

function renderReplication(id, v) {
  const r = v.replication, st = v.task.status;
  if (!r) { $("#sec-replication").innerHTML = `<h3>Replication</h3><p class="muted">Not started.</p>`; return; }
  const live = st === "RUNNING" || st === "STOPPING";
  const delay = !live ? `<span class="${esc(st)}">not replicating: task ${esc(st)}</span> <span class="muted">(last delay ${Number(r.delaySeconds).toFixed(1)} s at ${esc(r.updatedAt)})</span>`
    : r.caughtUp || r.delaySeconds < 0.5 ? "not delayed" : `${Number(r.delaySeconds).toFixed(1)} s behind`;
  const list = ui.samples.get(id) || [];
  const eps = [];
  for (let i = 1; i < list.length; i++) {
    const dt = list[i].t - list[i - 1].t, dr = list[i].rows - list[i - 1].rows;
    if (dt > 0 && dr >= 0) eps.push({t: list[i].t, v: dr / dt});
  }
  const last = eps.length ? eps[eps.length - 1].v : null;
  const perTable = r.tables ? Object.entries(r.tables) : [];
  $("#sec-replication").innerHTML = `<h3>Replication</h3>
    <div class="cards">
      <div class="card">delay<b id="replication-delay">${delay}</b>${r.delayP99Seconds != null ? `p50 ${r.delayP50Seconds.toFixed(2)} s · p99 ${r.delayP99Seconds.toFixed(2)} s` : ""}</div>
      <div class="card">events/s<b id="replication-eps">${last == null ? "-" : last.toFixed(1)}</b>rows applied per second</div>
      <div class="card">applied<b id="replication-rows">${n0(r.rows)}</b>rows in ${n0(r.transactions)} transactions, ${n0(r.ddl)} DDL</div>
      <div class="card">binlog connections<b id="replication-connections">${n0(r.connections)}</b><span id="replication-reconnects">${n0(Math.max(0, r.connections - 1))} reconnect${r.connections === 2 ? "" : "s"}</span></div>
      ${applyLatency(r.applyBatchMillis)}
    </div>
    <p class="muted">applied to ${esc(r.file)}:${esc(r.position)}${r.gtidSet ? " · GTIDs " + esc(r.gtidSet) : ""}${r.note ? " · " + esc(r.note) : ""}</p>
    ${chart(list.map(s => ({t: s.t, v: s.delay})), eps, list.filter(s => s.stored).length)}
    ${perTable.length ? `<table id="replication-tables"><thead><tr><th>Table</th><th class="num">INSERT</th><th class="num">UPDATE</th><th class="num">DELETE</th><th class="num">DDL</th></tr></thead><tbody>${perTable.map(([t, c]) => `<tr><td>${esc(t)}</td><td class="num">${n0(c.inserts)}</td><td class="num">${n0(c.updates)}</td><td class="num">${n0(c.deletes)}</td><td class="num">${n0(c.ddl)}</td></tr>`).join("")}</tbody></table>` : ""}`;
}

/** Apply-batch latency: batches, mean and the bucket bounds of p50 / p99 (the histogram /metrics exposes). */
function applyLatency(h) {
  if (!h || !h.count) return "";
  const bounds = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];
  const pct = p => {
    const rank = Math.ceil(p / 100 * h.count);
    let c = 0;
    for (let i = 0; i < h.counts.length; i++) { c += h.counts[i]; if (c >= rank) return i < bounds.length ? "≤ " + bounds[i] + " ms" : "> 60 s"; }
    return "-";
  };
  return `<div class="card">apply batch<b id="replication-batch-mean">${(h.sumMillis / h.count).toFixed(1)} ms</b>mean of ${n0(h.count)} batches · p50 ${pct(50)} · p99 ${pct(99)}</div>`;
}

function chart(delay, eps, stored) {
  const W = 640, H = 140, now = Date.now() / 1000, x = t => W - (now - t) / CHART_SECONDS * W;
  const line = (pts, cls) => {
    if (pts.length < 2) return "";
    const max = Math.max(1, ...pts.map(p => p.v));
    return `<polyline class="${cls}" points="${pts.map(p => `${x(p.t).toFixed(1)},${(H - 14 - (H - 28) * p.v / max).toFixed(1)}`).join(" ")}"/>
      <text x="4" y="${cls === "delay" ? 12 : 24}" class="${cls}">${cls === "delay" ? "delay" : "events/s"} max ${max.toFixed(1)}</text>`;
  };
  return `<svg class="chart" id="replication-chart" data-points="${delay.length}" data-stored="${stored}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${line(delay, "delay")}${line(eps, "eps")}
    <text x="4" y="${H - 3}">-${CHART_SECONDS / 60} min</text><text x="${W - 24}" y="${H - 3}">now</text></svg>
    <p class="muted">red: delay (s), blue: rows applied per second; stored by the replicator every 10 s (kept 30 min), then sampled by this page every ${REFRESH_MS / 1000} s</p>`;
}

function renderExecutions(exec) {
  const list = exec.executions || [];
  $("#sec-executions").innerHTML = `<h3>Executions</h3><table id="executions"><thead><tr><th>Execution</th><th>Status</th><th>Started</th><th>Stopped</th><th>Error</th></tr></thead><tbody>
    ${list.map(e => `<tr><td>${esc(e.name)}</td><td class="${esc(e.status)}">${esc(e.status)}</td><td>${esc(e.startDate)}</td><td>${esc(e.stopDate || "")}</td><td>${esc(e.error || "")}${e.cause ? ": " + esc(e.cause).slice(0, 300) : ""}</td></tr>`).join("")}</tbody></table>`;
}

function renderJobs(jobs) {
  $("#sec-jobs").innerHTML = `<h3>Actions run here</h3>${jobs.length ? `<table id="jobs"><thead><tr><th>Action</th><th>State</th><th>Started</th><th>Result</th></tr></thead><tbody>
    ${jobs.map(j => `<tr><td>${esc(j.kind)}</td><td class="${j.state === "FAILED" ? "FAILED" : j.state === "RUNNING" ? "RUNNING" : "SUCCEEDED"}">${esc(j.state)}</td><td>${esc(j.startedAt)}</td><td><pre>${esc((j.lines || []).join("\n"))}${j.result ? "\n" + esc(j.result) : ""}</pre></td></tr>`).join("")}</tbody></table>` : `<p class="muted">None: verify, repair and cutover started from this page run in 'sluice serve' and show here.</p>`}`;
}

// ------------------------------------------------------------------------------------------------ forms

function problemsHtml(e) {
  const problems = (e.data && e.data.problems) || [];
  return `<p class="FAIL">${esc(e.message)}</p>${problems.length ? `<ul>${problems.map(p => `<li>${esc(typeof p === "string" ? p : JSON.stringify(p))}</li>`).join("")}</ul>` : ""}`;
}

function setupForms() {
  const dlg = $("#create-dialog");
  $("#btn-create").onclick = () => { $("#create-problems").innerHTML = ""; dlg.showModal(); };
  $("#create-cancel").onclick = () => dlg.close();
  $("#create-file").onchange = async ev => {
    const f = ev.target.files[0];
    if (f) $("#create-text").value = await f.text();
  };
  $("#create-validate").onclick = async () => {
    try {
      const r = await api("POST", "/api/validate", {taskFile: $("#create-text").value});
      $("#create-problems").innerHTML = `<p class="ok">valid: ${esc(r.summary)}</p>`;
    } catch (e) {
      $("#create-problems").innerHTML = problemsHtml(e);
    }
  };
  $("#create-submit").onclick = async () => {
    try {
      const t = await api("POST", "/api/tasks", {taskFile: $("#create-text").value});
      dlg.close();
      ui.selected = t.taskId;
      notice(`Task ${t.taskId} created and started.`);
      refresh();
    } catch (e) {
      $("#create-problems").innerHTML = problemsHtml(e);
    }
  };
  $("#throttle-form").onsubmit = async ev => {
    ev.preventDefault();
    const body = {};
    for (const [k, val] of new FormData(ev.target).entries()) if (val !== "") body[k] = Number(val);
    if (!await confirmAction(`Set the throttle of ${ui.selected} to ${JSON.stringify(body)}? Running workers pick it up within a second.`)) return;
    try {
      const r = await api("POST", `/api/tasks/${encodeURIComponent(ui.selected)}/throttle`, body);
      notice("Throttle set: " + r.inForce);
      ev.target.reset();
      refresh();
    } catch (e) {
      notice(e.message, true);
    }
  };
  $("#fit").onchange = () => { $("#graph").className = $("#fit").checked ? "fit" : ""; };
  $("#catch-edges").onchange = () => refresh();
}

setupForms();
refresh();
setInterval(refresh, REFRESH_MS);
