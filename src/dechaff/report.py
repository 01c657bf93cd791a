"""What a run did, counted: stats.json for programs, report.html for a person.

Each shard's writer counts its own rows (`tally`); the run adds the counts up (`merge`).
The report is one self-contained page: the counts as JSON inside it and a small script
that draws them as SVG charts, with nothing fetched from anywhere.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dechaff import __version__
from dechaff.sinks import write_atomic

# Text length bins, in characters: about doubling, from a stub to a long report.
LENGTH_BINS = (0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000)
# Removed lines each shard keeps for the report: the most frequent (site, reason, line);
# a line that a site repeats is frequent in the shards that hold that site's pages.
LINES_PER_SHARD = 500
LINES_PER_SITE = 5
SITES_SHOWN = 12
LANGUAGES_SHOWN = 20
LINE_STEP = "lines"  # the step of rows that are lines removed from a kept document


def tally(documents: Sequence[dict[str, Any]], rejected: Sequence[dict[str, Any]],
          lines: Counter[tuple[str, str, str]]) -> dict[str, Any]:
    """The counts of one shard's rows."""
    records = [row for row in rejected if row["step"] != LINE_STEP]
    steps: Counter[str] = Counter(f"{row['step']}\t{row['reason']}" for row in records)
    lengths = Counter(_bin(len(row["text"])) for row in documents)
    return {"documents": len(documents), "rejected": len(records),
            "with_title": sum(1 for row in documents if row["title"]),
            "steps": dict(steps),
            "languages": dict(Counter(row["language"] or "unknown" for row in documents)),
            "lengths": {str(k): v for k, v in lengths.items()},
            "lines": [[*key, n] for key, n in lines.most_common(LINES_PER_SHARD)],
            "line_reasons": _line_reasons(lines)}


def _line_reasons(lines: Counter[tuple[str, str, str]]) -> dict[str, int]:
    reasons: Counter[str] = Counter()
    for (_, reason, _), n in lines.items():
        reasons[reason] += n
    return dict(reasons)


def removed_lines(row: dict[str, Any]) -> Counter[tuple[str, str, str]]:
    site = urlsplit(row["url"] or "").hostname or "(no site)"
    return Counter((site, line["reason"], line["text"]) for line in row["removed"])


def _bin(length: int) -> int:
    return max(i for i, edge in enumerate(LENGTH_BINS) if length >= edge)


def merge(tallies: Sequence[dict[str, Any]], shards: Sequence[dict[str, Any]],
          seconds: float, workers: int, resumed: bool) -> dict[str, Any]:
    """stats.json: the shards' counts added up, with the run's timings."""
    total: dict[str, Counter[str]] = {key: Counter() for key in
                                      ("steps", "languages", "lengths", "line_reasons")}
    lines: Counter[tuple[str, str, str]] = Counter()
    for part in tallies:
        for key, counter in total.items():
            counter.update(part[key])
        lines.update({(site, reason, text): n for site, reason, text, n in part["lines"]})
    documents = sum(t["documents"] for t in tallies)
    rejected = sum(t["rejected"] for t in tallies)
    steps: dict[str, dict[str, int]] = {}
    reasons: Counter[str] = Counter()
    for key, n in total["steps"].most_common():
        step, reason = key.split("\t")
        steps.setdefault(step, {})[reason] = n
        reasons[reason] += n
    records = documents + rejected
    return {
        "version": __version__, "records": records, "documents": documents,
        "rejected": rejected, "with_title": sum(t["with_title"] for t in tallies),
        "reasons": dict(reasons.most_common()), "steps": steps,
        "languages": dict(total["languages"].most_common()),
        "text_length": {"bins": list(LENGTH_BINS),
                        "counts": [total["lengths"][str(i)] for i in range(len(LENGTH_BINS))]},
        "removed_lines": {"reasons": dict(total["line_reasons"].most_common()),
                          "by_site": _by_site(lines)},
        "timings": _timings(shards, seconds, records, workers),
        "resumed": resumed,
    }


def _by_site(lines: Counter[tuple[str, str, str]]) -> dict[str, list[list[Any]]]:
    sites: Counter[str] = Counter()
    for (site, _, _), n in lines.items():
        sites[site] += n
    out: dict[str, list[list[Any]]] = {}
    for site, _ in sites.most_common(SITES_SHOWN):
        top = Counter({(r, t): n for (s, r, t), n in lines.items() if s == site})
        out[site] = [[text, reason, n] for (reason, text), n in top.most_common(LINES_PER_SITE)]
    return out


def _timings(shards: Sequence[dict[str, Any]], seconds: float, records: int,
             workers: int) -> dict[str, Any]:
    steps: Counter[str] = Counter()
    for shard in shards:
        steps.update(shard["steps"])
    return {"seconds": round(seconds, 3), "workers": workers,
            "records_per_second": round(records / seconds, 1) if seconds else None,
            "cpu_seconds_by_step": {k: round(v, 3) for k, v in steps.most_common()},
            "shards": [{"records": s["records"], "seconds": round(s["seconds"], 3),
                        "finished": s["finished"]} for s in shards]}


def write_report(path: Path, stats: dict[str, Any]) -> None:
    data = json.dumps(stats, ensure_ascii=False).replace("</", "<\\/")
    page = (_PAGE.replace("{{title}}", html.escape(f"dechaff run: {stats['documents']:,} "
                                                  f"documents of {stats['records']:,} records"))
            .replace("{{data}}", data).replace("{{script}}", _SCRIPT))
    write_atomic(path, page.encode("utf-8"))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
figure{margin:1em 0}svg text{font-size:12px;fill:#333}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
.num{text-align:right}.note{color:#666}
</style></head><body>
<h1>{{title}}</h1>
<p id="summary" class="note"></p>
<h2>Kept and set aside, by reason</h2><figure class="chart" id="reasons"></figure>
<h2>Languages of the documents kept</h2><figure class="chart" id="languages"></figure>
<h2>Text length of the documents kept (characters)</h2><figure class="chart" id="lengths"></figure>
<h2>Lines removed, by reason</h2><figure class="chart" id="line-reasons"></figure>
<h2>Lines removed most often, per site</h2><div id="sites"></div>
<h2>Throughput: records done over time</h2><figure class="chart" id="throughput"></figure>
<h2>CPU time by step (seconds, all workers)</h2><figure class="chart" id="step-time"></figure>
<script type="application/json" id="stats">{{data}}</script>
<script>{{script}}</script>
</body></html>
"""

_SCRIPT = r"""
"use strict";
const S = JSON.parse(document.getElementById("stats").textContent);
const NS = "http://www.w3.org/2000/svg";
function el(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
function done(figure, svg, rows) {
  figure.appendChild(svg);
  figure.dataset.rendered = "true";
  figure.dataset.marks = String(rows);
}
function bars(id, pairs, colour) {
  const figure = document.getElementById(id), row = 22, label = 190, width = 720;
  if (!pairs.length) { figure.textContent = "nothing to show"; figure.dataset.rendered = "true";
                       figure.dataset.marks = "0"; return; }
  const top = Math.max(...pairs.map(p => p[1]), 1);
  const svg = el("svg", {width, height: pairs.length * row + 4, role: "img"});
  pairs.forEach(([name, n, c], i) => {
    const y = i * row + 2, w = Math.max(1, (width - label - 70) * n / top);
    svg.appendChild(el("text", {x: label - 6, y: y + 15, "text-anchor": "end"}, name));
    svg.appendChild(el("rect", {x: label, y, width: w, height: row - 5, fill: c || colour}));
    svg.appendChild(el("text", {x: label + w + 5, y: y + 15}, n.toLocaleString()));
  });
  done(figure, svg, pairs.length);
}
function line(id, points) {
  const figure = document.getElementById(id), width = 720, height = 220, pad = 45;
  const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
  const mx = Math.max(...xs, 1e-9), my = Math.max(...ys, 1);
  const svg = el("svg", {width, height, role: "img"});
  const at = ([x, y]) => [pad + (width - 2 * pad) * x / mx,
                          height - pad - (height - 2 * pad) * y / my];
  const d = points.map((p, i) => (i ? "L" : "M") + at(p).map(v => v.toFixed(1)).join(","))
                  .join(" ");
  const base = height - pad;
  svg.appendChild(el("line", {x1: pad, y1: base, x2: width - pad, y2: base, stroke: "#999"}));
  svg.appendChild(el("line", {x1: pad, y1: pad, x2: pad, y2: height - pad, stroke: "#999"}));
  svg.appendChild(el("path", {d, fill: "none", stroke: "#2a6fb0", "stroke-width": 2}));
  svg.appendChild(el("text", {x: pad, y: pad - 8}, my.toLocaleString() + " records"));
  svg.appendChild(el("text", {x: width - pad, y: height - pad + 18, "text-anchor": "end"},
                     mx.toFixed(1) + " s"));
  done(figure, svg, points.length);
}
const kept = [["kept", S.documents, "#3a9a50"]];
const dropped = Object.entries(S.reasons).map(([r, n]) => [r, n, "#c0504d"]);
bars("reasons", kept.concat(dropped), "#c0504d");
bars("languages", Object.entries(S.languages).slice(0, 20), "#2a6fb0");
const edges = S.text_length.bins;
bars("lengths", S.text_length.counts.map((n, i) =>
  [edges[i] + (i + 1 < edges.length ? "-" + edges[i + 1] : "+"), n]), "#8064a2");
bars("line-reasons", Object.entries(S.removed_lines.reasons), "#f79646");
const shards = S.timings.shards.slice().sort((a, b) => a.finished - b.finished);
const start = shards.length ? Math.min(...shards.map(s => s.finished - s.seconds)) : 0;
let sum = 0;
line("throughput", [[0, 0]].concat(shards.map(s => [s.finished - start, sum += s.records])));
bars("step-time", Object.entries(S.timings.cpu_seconds_by_step), "#4bacc6");
const sites = document.getElementById("sites");
const table = document.createElement("table");
table.innerHTML = "<tr><th>site</th><th>line</th><th>reason</th><th class=num>times</th></tr>";
for (const [site, rows] of Object.entries(S.removed_lines.by_site)) {
  rows.forEach(([text, reason, n], i) => {
    const tr = table.insertRow();
    [i ? "" : site, text, reason, n.toLocaleString()].forEach((v, j) => {
      const td = tr.insertCell(); td.textContent = v; if (j === 3) td.className = "num";
    });
  });
}
sites.appendChild(table);
const rate = S.timings.records_per_second;
document.getElementById("summary").textContent =
  `${S.records.toLocaleString()} records: ${S.documents.toLocaleString()} documents kept ` +
  `(${S.with_title.toLocaleString()} with a title), ${S.rejected.toLocaleString()} set aside; ` +
  `${S.timings.seconds} s with ${S.timings.workers} worker(s)` +
  (rate ? `, ${rate.toLocaleString()} records/s` : "") + (S.resumed ? " (resumed)" : "") +
  `. dechaff ${S.version}.`;
document.body.dataset.charts = String(document.querySelectorAll("figure[data-rendered]").length);
"""
