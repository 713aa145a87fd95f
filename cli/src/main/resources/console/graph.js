// Sluice console: the workflow's ASL definition drawn as a graph (layout by dagre, vendor/dagre.min.js), each
// state coloured by what happened to it in one execution, from the execution's history events.
"use strict";
const SluiceGraph = (() => {
  const NODE_W = 160, NODE_H = 40;
  const TASKLIKE = new Set(["Task", "Map", "Parallel"]);
  const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

  /** States (with their enclosing Map/Parallel), and every edge: Next, Choice rules, Default, Catch, Retry, items. */
  function model(def) {
    const nodes = new Map(), edges = [], catchTargets = new Set();
    const walk = (states, parent) => {
      for (const [name, s] of Object.entries(states || {})) {
        nodes.set(name, {name, type: s.Type, parent, def: s});
        if (s.Next) edges.push({from: name, to: s.Next, kind: "next"});
        if (s.Type === "Choice") {
          (s.Choices || []).forEach(c => edges.push({from: name, to: c.Next, kind: "choice", label: choiceLabel(c)}));
          if (s.Default) edges.push({from: name, to: s.Default, kind: "choice", label: "default"});
        }
        for (const c of s.Catch || []) {
          edges.push({from: name, to: c.Next, kind: "catch", label: ""});
          catchTargets.add(c.Next);
        }
        if ((s.Retry || []).length) {
          const n = s.Retry.reduce((a, r) => a + (r.MaxAttempts ?? 3), 0);
          edges.push({from: name, to: name, kind: "retry", label: "retry ≤" + n});
        }
        const inner = s.Type === "Map" ? (s.ItemProcessor || s.Iterator) : null;
        if (inner) {
          walk(inner.States, name);
          edges.push({from: name, to: inner.StartAt, kind: "items", label: "each item"});
        }
        if (s.Type === "Parallel") {
          (s.Branches || []).forEach((b, i) => {
            walk(b.States, name);
            edges.push({from: name, to: b.StartAt, kind: "items", label: "branch " + (i + 1)});
          });
        }
      }
    };
    walk(def.States, null);
    return {nodes, edges, catchTargets, startAt: def.StartAt};
  }

  function choiceLabel(c) {
    const v = String(c.Variable || "").replace(/^\$\./, "");
    const op = Object.keys(c).find(k => k !== "Variable" && k !== "Next");
    const short = v.split(".").pop();
    return op ? (op === "BooleanEquals" ? (c[op] ? "" : "not ") + short : String(c[op])) : short;
  }

  /**
   * What happened to each state in an execution: status (notrun, running, succeeded, retried, caught, failed,
   * aborted), visits, failed attempts, the last input/output/error, its events, and Map iterations.
   */
  function classify(m, events, execStatus) {
    const byId = new Map(), owner = new Map(), info = new Map(), taken = new Set();
    const get = n => {
      if (!info.has(n)) {
        info.set(n, {name: n, entered: 0, exited: 0, failures: 0, events: [], input: null, output: null,
          error: null, cause: null, open: false, caught: false, lastFailed: false, everFailed: false,
          iterations: new Map(), onFailurePath: false, origin: false});
      }
      return info.get(n);
    };
    let execError = null;
    for (const e of events) {
      byId.set(e.id, e);
      const d = e.stateEnteredEventDetails || e.stateExitedEventDetails;
      const it = e.mapIterationStartedEventDetails || e.mapIterationSucceededEventDetails
        || e.mapIterationFailedEventDetails || e.mapIterationAbortedEventDetails;
      const name = d ? d.name : it ? it.name : owner.get(e.previousEventId) || null;
      if (name) owner.set(e.id, name);
      if (e.type.startsWith("Execution") && (e.type.endsWith("Failed") || e.type.endsWith("Aborted") || e.type.endsWith("TimedOut"))) {
        const x = e.executionFailedEventDetails || e.executionAbortedEventDetails || e.executionTimedOutEventDetails || {};
        execError = {error: x.error, cause: x.cause};
      }
      if (!name || !m.nodes.has(name)) continue;
      const s = get(name);
      if (s.events.length < 300) s.events.push(e); else s.events.splice(100, 1), s.events.push(e);
      if (e.stateEnteredEventDetails) {
        s.entered++; s.open = true; s.lastFailed = false; s.input = d.input;
        const prev = owner.get(e.previousEventId);
        if (prev) taken.add(prev + "\u0000" + name);
      } else if (e.stateExitedEventDetails) {
        s.exited++; s.open = false; s.output = d.output; s.caught = s.lastFailed;
      } else if (/^(Task(Failed|TimedOut)|MapStateFailed|ParallelStateFailed|LambdaFunction(Failed|TimedOut))$/.test(e.type)) {
        const x = e.taskFailedEventDetails || e.taskTimedOutEventDetails || {};
        s.failures++; s.lastFailed = true; s.everFailed = true;
        if (x.error) { s.error = x.error; s.cause = x.cause; }
      } else if (/^(TaskSucceeded|MapStateSucceeded|ParallelStateSucceeded)$/.test(e.type)) {
        s.lastFailed = false;
      } else if (it) {
        s.iterations.set(it.index, e.type.replace("MapIteration", "").toLowerCase());
      }
    }
    // the path into a failure handler (a Catch target such as RecordFailure): back from its entry to the Task
    // whose error or result led there, through the Pass/Choice states between; the handler and the Fail after it
    for (const e of events) {
      const d = e.stateEnteredEventDetails;
      if (!d || !m.catchTargets.has(d.name)) continue;
      get(d.name).onFailurePath = true;
      let cur = byId.get(e.previousEventId);
      const seen = new Set();
      while (cur) {
        const n = owner.get(cur.id);
        if (!n || !m.nodes.has(n)) break;
        if (!seen.has(n)) {
          seen.add(n);
          const s = get(n);
          s.onFailurePath = true;
          if (TASKLIKE.has(m.nodes.get(n).type)) {
            s.origin = true;
            if (!s.error) {
              const err = parseError(get(d.name).input);
              if (err) { s.error = err.Error; s.cause = err.Cause; }
            }
            break;
          }
        }
        cur = byId.get(cur.previousEventId);
      }
      let next = m.nodes.get(d.name).def.Next;
      while (next && m.nodes.has(next) && info.has(next)) {
        get(next).onFailurePath = true;
        next = m.nodes.get(next).def.Next;
      }
    }
    const running = execStatus === "RUNNING";
    for (const s of info.values()) {
      const type = m.nodes.get(s.name).type;
      if (type === "Fail" || s.onFailurePath) s.status = "failed";
      else if (s.open) s.status = running ? "running" : execStatus === "ABORTED" ? "aborted" : "failed";
      else if (s.caught) s.status = "caught";
      else if (s.everFailed) s.status = "retried";
      else s.status = "succeeded";
      if (s.status === "failed" && !s.error && execError && (s.open || type === "Fail")) {
        s.error = execError.error; s.cause = execError.cause;
      }
    }
    return {states: info, taken, execError};
  }

  function parseError(input) {
    try { return JSON.parse(input).error || null; } catch (e) { return null; }
  }

  /** Lays the model out with dagre (compound: Map/Parallel are groups); Retry loops are drawn beside their state. */
  function layout(m, withCatch) {
    const g = new dagre.graphlib.Graph({compound: true, multigraph: true});
    g.setGraph({rankdir: "TB", nodesep: 20, ranksep: 34, edgesep: 10, marginx: 12, marginy: 12});
    for (const n of m.nodes.values()) {
      g.setNode(n.name, {width: NODE_W, height: NODE_H});
      if (n.type === "Map" || n.type === "Parallel") g.setNode("group:" + n.name, {});
    }
    for (const n of m.nodes.values()) {
      if (n.type === "Map" || n.type === "Parallel") g.setParent(n.name, "group:" + n.name);
      if (n.parent) g.setParent(n.name, "group:" + n.parent);
    }
    m.edges.forEach((e, i) => {
      if (!m.nodes.has(e.to) || e.kind === "retry" || (e.kind === "catch" && !withCatch)) return;
      g.setEdge(e.from, e.to, {kind: e.kind, label: e.label, width: e.label ? Math.min(110, 6 * e.label.length) : 0,
        height: e.label ? 14 : 0, labelpos: "c", weight: e.kind === "catch" ? 0 : 1}, "e" + i);
    });
    dagre.layout(g);
    g.graph().withCatch = !!withCatch;
    return g;
  }

  /** Draws a laid-out model as SVG, coloured by {@code run} (classify's result), into {@code container}. */
  function render(container, m, g, run, selected, onSelect) {
    const gg = g.graph();
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" id="graph-svg" width="${Math.ceil(gg.width)}" height="${Math.ceil(gg.height)}" viewBox="0 0 ${Math.ceil(gg.width)} ${Math.ceil(gg.height)}">`,
      `<defs>${["next", "choice", "catch", "retry", "items", "taken"].map(k => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow arrow-${k}" d="M0,0 L10,5 L0,10 z"/></marker>`).join("")}</defs>`];
    for (const n of m.nodes.values()) {
      if (n.type !== "Map" && n.type !== "Parallel") continue;
      const c = g.node("group:" + n.name);
      parts.push(`<g class="group" data-group="${esc(n.name)}"><rect x="${c.x - c.width / 2}" y="${c.y - c.height / 2}" width="${c.width}" height="${c.height}" rx="8"/>`
        + `<text x="${c.x - c.width / 2 + 8}" y="${c.y - c.height / 2 + 13}">${esc(n.type)}: ${esc(n.name)}</text></g>`);
    }
    for (const ed of g.edges()) {
      const e = g.edge(ed);
      const taken = run && run.taken.has(ed.v + "\u0000" + ed.w);
      const pts = e.points;
      const dPath = "M" + pts.map(p => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" L");
      const kind = taken ? "taken" : e.kind;
      parts.push(`<g class="edge edge-${e.kind}${taken ? " taken" : ""}" data-from="${esc(ed.v)}" data-to="${esc(ed.w)}"><path d="${dPath}" marker-end="url(#arrow-${kind})"/>`
        + (e.label ? `<text x="${e.x}" y="${e.y + 4}">${esc(e.label)}</text>` : "") + `</g>`);
    }
    if (!g.graph().withCatch) {
      for (const e of m.edges) {
        if (e.kind !== "catch") continue;
        const n = g.node(e.from), x = n.x - NODE_W / 2, y = n.y;
        const used = run && run.taken.has(e.from + "\u0000" + e.to);
        parts.push(`<g class="edge edge-catch stub${used ? " taken" : ""}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><path d="M${x},${y + 6} L${x - 22},${y + 6}" marker-end="url(#arrow-catch)"/>`
          + `<text x="${x - 12}" y="${y + 17}">catch</text><title>Catch (States.ALL) → ${esc(e.to)}</title></g>`);
      }
    }
    for (const e of m.edges) {
      if (e.kind !== "retry") continue;
      const n = g.node(e.from), x = n.x + NODE_W / 2, y = n.y;
      const s = run && run.states.get(e.from), used = s && s.failures > 0;
      parts.push(`<g class="edge edge-retry${used ? " taken" : ""}" data-from="${esc(e.from)}" data-to="${esc(e.to)}"><path d="M${x},${y - 8} C${x + 26},${y - 24} ${x + 26},${y + 24} ${x},${y + 8}" marker-end="url(#arrow-retry)"/>`
        + `<title>${esc(e.label)}</title></g>`);
    }
    for (const n of m.nodes.values()) {
      const p = g.node(n.name), s = run && run.states.get(n.name);
      const status = s ? s.status : "notrun";
      const badge = s ? (s.status === "running" ? "running" : s.status) + (s.entered > 1 ? ` ×${s.entered}` : "")
        + (s.failures ? `, ${s.failures} failed attempt${s.failures > 1 ? "s" : ""}` : "") : n.type;
      parts.push(`<g class="state st-${status}${selected === n.name ? " selected" : ""}${s && s.origin ? " origin" : ""}" data-state="${esc(n.name)}" data-status="${status}" tabindex="0">`
        + `<title>${esc(n.name)} (${esc(n.type)}): ${esc(status)}</title>`
        + `<rect x="${p.x - NODE_W / 2}" y="${p.y - NODE_H / 2}" width="${NODE_W}" height="${NODE_H}" rx="${n.type === "Choice" ? 16 : 6}"/>`
        + `<text class="name" x="${p.x}" y="${p.y - 3}">${esc(n.name)}</text>`
        + `<text class="badge" x="${p.x}" y="${p.y + 12}">${esc(badge)}</text></g>`);
    }
    parts.push("</svg>");
    container.innerHTML = parts.join("");
    container.querySelectorAll("g.state").forEach(el => {
      el.addEventListener("click", () => onSelect(el.dataset.state));
      el.addEventListener("keydown", ev => { if (ev.key === "Enter") onSelect(el.dataset.state); });
    });
  }

  return {model, classify, layout, render, esc};
})();
