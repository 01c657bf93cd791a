"""`run()`: many inputs to a dataset, in shards, resumable. (The module is not named
run.py: `import dechaff.run` would then hide the function `dechaff.run` behind it.)

    1. plan     inputs found and cut into shards (shards.py); run.json written
    2. map      each shard's records through the pipeline, journalled (staging.py)
    3. corpus   the corpus steps decide over every document's keys, in the executor's
                shuffles (dedup.py, boilerplate.py; outcomes.py)
    4. write    each shard's documents and rejections with those decisions (outputs.py)
    5. report   stats.json and report.html (report.py)

Rerunning the same command after a crash or a `kill -9` goes on where it stopped: done
shards are skipped, a shard in progress goes on after its last journalled record, and the
outputs are written anew from the journals, so each document is there exactly once.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dechaff import __version__, staging
from dechaff.document import Document, Reason, Rejection
from dechaff.errors import ConfigError, DechaffError, OutputError
from dechaff.outcomes import LINES, SET_ASIDE, Corpus, Verdict, outcome
from dechaff.outputs import (
    DOCUMENT_COLUMNS,
    FORMATS,
    REJECTED_COLUMNS,
    document_row,
    line_rows,
    record_id,
    rejected_row,
    source,
    write_rows,
)
from dechaff.pipeline import Pipeline
from dechaff.readers import HTML, TEXT, Broken, Record, kinds_of, read_piece
from dechaff.shards import Shard, file_size, find_inputs, plan
from dechaff.sinks import write_atomic
from dechaff.timer import Overtime, time_limit

WORK = ".work"  # the journals and markers, removed when the run is complete
PREPARE = "prepare"  # the step name of extract() and clean() in stats and rejected rows


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did: the counts, and where the outputs are."""

    output: Path
    records: int
    documents: int
    rejected: int
    reasons: dict[str, int]
    seconds: float


# -- 2. map: a shard's records through the pipeline ----------------------------------------
@dataclass(frozen=True, slots=True)
class ShardJob:
    """Run the pipeline over one shard's records, journalling each; picklable."""

    pipeline: Pipeline
    work: Path
    kinds: frozenset[str] = frozenset({HTML, TEXT})  # what the records hold: for warm()

    def __call__(self, shard: Shard) -> dict[str, Any]:
        marker = self.work / f"{shard.name}.done"
        if marker.exists():
            return dict(json.loads(marker.read_text()))
        started = time.perf_counter()
        timings: dict[str, float] = defaultdict(float)  # seconds by step
        records = 0
        with staging.journal(self.work / f"{shard.name}.journal") as journal:
            for n, (path, item) in enumerate(self._records(shard)):
                if n < journal.state.next_n:
                    continue
                records += 1
                if n == journal.state.next_n and journal.state.attempts >= staging.MAX_ATTEMPTS:
                    died = Rejection(Reason.CRASHED, "the worker died on this record "
                                     f"{journal.state.attempts} times")
                    journal.done(n, staging.REJ, {}, self._rejected(path, item, died, PREPARE))
                    continue
                journal.begin(n)
                journal.done(n, *self._outcome(path, item, timings))
        summary = {"records": records, "seconds": time.perf_counter() - started,
                   "steps": dict(timings), "finished": time.time()}
        write_atomic(marker, json.dumps(summary).encode())
        return summary

    def warm(self) -> None:
        """Take a page, and a text, through the whole pipeline and the corpus steps' keys,
        and warm the corpus steps (their `warm()`), so that workers forked after this start
        with what their first pages and the later phases would load: the models, the
        lexicon's patterns, the libraries the steps import. Called by the executor. Pages
        only of the kinds of record the inputs hold: the text path's models, which a crawl
        of HTML never needs, take as long to load as 40 pages to extract."""
        paragraph = ("<p>A paragraph of words for the reader, one of several, so that every "
                     "model and every step has something to read.</p>")
        page = ("<html><head><title>Warm</title></head><body><nav><a href='/'>Home</a></nav>"
                "<article><h1>Warm</h1><p>By A. Writer, 2 March 2024</p>" + paragraph * 6
                + "<p>Sign up for our newsletter to get the latest news.</p></article>"
                "<footer>Cookies help us. Accept all cookies</footer></body></html>")
        lines = "Home | News\nBy A. Writer, 2 March 2024\n" + "A line of words to read.\n" * 6
        from dechaff.executors import guarded

        for kind, content in ((HTML, page), (TEXT, lines)):
            if kind in self.kinds:
                record = Record(0, kind, content.encode())
                outcome = guarded(self._steps, (record, defaultdict(float)))
                if isinstance(outcome, tuple):  # the keys of what the steps kept, or were given
                    _, result, given = outcome
                    doc = result if isinstance(result, Document) else given
                    if isinstance(doc, Document):
                        self._keys(doc)
        for _, step in self.pipeline.corpus:  # what their decisions load, and the writers'
            warm = getattr(step, "warm", None)
            if callable(warm):
                warm()
        import dechaff.report  # noqa: F401 -- the writers' tallies

    def _records(self, shard: Shard) -> Iterable[tuple[str, Record | Broken]]:
        limit = self.pipeline.max_page_bytes
        for piece in shard.pieces:
            for item in read_piece(piece.path, piece.start, piece.end, self.pipeline.fields,
                                   limit):
                yield piece.path, item

    def _outcome(self, path: str, item: Record | Broken, timings: dict[str, float]
                 ) -> tuple[str, dict[str, str], dict[str, Any]]:
        if isinstance(item, Broken):
            broken = Rejection(item.reason, item.detail)
            return staging.REJ, {}, self._rejected(path, item, broken, "read")
        from dechaff.executors import guarded

        outcome = guarded(self._steps, (item, timings))
        if isinstance(outcome, Rejection):  # a step raised: recorded, the shard goes on
            return staging.REJ, {}, self._rejected(path, item, outcome, "crashed")
        step, result, last = outcome
        if isinstance(result, Rejection):
            return staging.REJ, {}, self._rejected(path, item, result, step, last)
        keys = guarded(self._keys, result)
        if isinstance(keys, Rejection):  # a corpus step's key raised: as a step that raised
            return staging.REJ, {}, self._rejected(path, item, keys, "crashed", result)
        doc_id = record_id(path, item.offset, item.record_id)
        return staging.DOC, keys, document_row(doc_id, source(path, item.offset), result)

    def _keys(self, doc: Document) -> dict[str, str]:
        return {name: corpus.key(doc) for name, corpus in self.pipeline.corpus}

    def _steps(self, job: tuple[Record, dict[str, float]]
               ) -> tuple[str, Document | Rejection, Document | None]:
        """(the step that set the record aside or "", its result, the document it was given)."""
        record, timings = job
        step, given = PREPARE, None
        try:
            with time_limit(self.pipeline.timeout_s):
                result = _timed(self.pipeline.prepare, record, timings, PREPARE)
                for name, run_step in self.pipeline.steps:
                    if isinstance(result, Rejection):
                        break
                    step, given = name, result
                    result = _timed(run_step, given, timings, step)
        except Overtime:
            limit = f"over {self.pipeline.timeout_s:g} s in {step}"
            return step, Rejection(Reason.TIMEOUT, limit, record.url), given
        return (step if isinstance(result, Rejection) else ""), result, given

    def _rejected(self, path: str, item: Record | Broken, rejection: Rejection, step: str,
                  doc: Document | None = None) -> dict[str, Any]:
        container = item.record_id if isinstance(item, Record) else None
        url = item.url if isinstance(item, Record) else None
        return rejected_row(record_id(path, item.offset, container), source(path, item.offset),
                            rejection, step, doc, url)


def _timed(step: Any, given: Any, timings: dict[str, float], name: str) -> Any:
    clock = time.perf_counter()
    result = step(given)
    timings[name] += time.perf_counter() - clock
    return result


# -- 4. write: a shard's rows with the corpus steps' decisions -----------------------------
@dataclass(frozen=True, slots=True)
class WriteJob:
    """Write one shard's documents and rejections from its journal, with what the corpus
    steps decided about them; picklable."""

    output: Path
    fmt: str
    removed_lines: str
    steps: tuple[str, ...] = ()  # the corpus steps, in order

    def __call__(self, shard: Shard) -> dict[str, Any]:
        from dechaff.report import removed_lines, tally

        decided = [(step, outcome(self.output / WORK, step, shard.index)) for step in self.steps]
        documents: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        lines: Counter[tuple[str, str, str]] = Counter()
        for entry in staging.entries(self.output / WORK / f"{shard.name}.journal"):
            row = json.loads(entry.row)
            if entry.status == staging.REJ:
                rejected.append(row)
                continue
            result = _decided(row, decided)
            if isinstance(result, tuple):
                rejected.append(_set_aside(row, *result))
                continue
            lines.update(removed_lines(result))
            if self.removed_lines == "rejected":
                rejected.extend(line_rows(result))
            documents.append(result if self.removed_lines == "document" else
                             {**result, "removed": []})
        suffix = FORMATS[self.fmt]
        write_rows(self.output / "documents" / f"part-{shard.name}{suffix}", documents,
                   DOCUMENT_COLUMNS, self.fmt)
        write_rows(self.output / "rejected" / f"part-{shard.name}{suffix}", rejected,
                   REJECTED_COLUMNS, self.fmt)
        return tally(documents, rejected, lines)


def _decided(row: dict[str, Any], decided: list[tuple[str, dict[str, Any]]]
             ) -> dict[str, Any] | tuple[str, Verdict]:
    """The row as the corpus steps leave it, or (the step, its verdict) setting it aside."""
    from dechaff.boilerplate import strip_lines

    for step, found in decided:
        verdict = found.get(SET_ASIDE, {}).get(row["id"])
        if verdict is not None:
            return step, verdict
        if LINES in found:
            edited = strip_lines(row, found[LINES])
            if isinstance(edited, Verdict):
                return step, edited
            row = edited
    return row


def _set_aside(row: dict[str, Any], step: str, verdict: Verdict) -> dict[str, Any]:
    return {"id": row["id"], "url": row["url"], "reason": verdict.reason.value,
            "detail": verdict.detail, "step": step, "text": row["text"],
            "title": row["title"], "source": row["source"], "duplicate_of": verdict.survivor}


# -- the run ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Settings:
    """How to run: everything but the pipeline, which says what to do."""

    workers: int | None = None  # None: by the size of the inputs (default_workers)
    fmt: str = "jsonl"
    shard_bytes: int | None = None
    progress: bool | None = None  # a progress bar on stderr; None: when it is a terminal
    executor: Any = None  # an Executor; None: a LocalExecutor of `workers` processes


def run(inputs: Sequence[str] | str, output: str | Path, *, workers: int | None = None,
        config: str | Path | None = None, fmt: str | None = None,
        pipeline: Pipeline | None = None, text_field: str | None = None,
        html_field: str | None = None, removed_lines: str | None = None,
        shard_bytes: int | None = None, progress: bool | None = False,
        executor: Any = None, near_duplicates: bool = True, site_boilerplate: bool = True,
        engine: str | None = None, ray_address: str | None = None) -> Summary:
    """Turn web pages, crawls and text dumps into a dataset in `output` (see README).

    `near_duplicates=False` removes exact copies only; `site_boilerplate=False` leaves the
    lines sites repeat. `engine="ray"` runs on the Ray cluster at `ray_address` ("auto":
    the one this machine belongs to). Raises ConfigError, InputError or OutputError before
    any work when the inputs, the output or the options are wrong; a bad record never
    raises, it is set aside."""
    from dechaff.config import resolve

    names = [inputs] if isinstance(inputs, (str, Path)) else [str(i) for i in inputs]
    resolved, settings = resolve(config, pipeline=pipeline, workers=workers, fmt=fmt,
                                 text_field=text_field, html_field=html_field,
                                 removed_lines=removed_lines, shard_bytes=shard_bytes,
                                 progress=progress, executor=executor,
                                 corpus_steps={"near_duplicates": near_duplicates,
                                               "site_boilerplate": site_boilerplate},
                                 engine=engine, ray_address=ray_address)
    return Run(resolved, settings, Path(output)).start([str(n) for n in names])


# A worker started fresh ("spawn", see executors.local.start_method) takes about 0.8 CPU
# seconds (imports, the language and line models), as long as working through ~5 MB of
# gzipped WARC (6.8 MB/s on the benchmark's 511 pages): one is started per 32 MB of input,
# so that it saves several times what it costs. A forked worker starts with the models this
# process loaded, in milliseconds: one per 2 MB (0.3 s of work).
BYTES_PER_WORKER = {"spawn": 32 << 20, "fork": 2 << 20}


def default_workers(total_bytes: int) -> int:
    from dechaff.executors.local import start_method

    per_worker = BYTES_PER_WORKER[start_method()]
    return max(1, min(os.cpu_count() or 1, total_bytes // per_worker))


class Run:
    """One run into one output directory."""

    def __init__(self, pipeline: Pipeline, settings: Settings, output: Path) -> None:
        self.pipeline, self.settings, self.output = pipeline, settings, output
        self.work = output / WORK
        self._local: Any = None  # this machine's executor, made once the workers are known

    @property
    def workers(self) -> int:
        return self.settings.workers or 1

    def start(self, inputs: list[str]) -> Summary:
        files = find_inputs(inputs)
        if self.settings.workers is None and self.settings.executor is not None:
            chosen = self.settings.executor.workers  # a shard or more for every CPU of it
            self.settings = dataclasses.replace(self.settings, workers=chosen)
        if self.settings.workers is None:
            chosen = default_workers(sum(file_size(f) for f in files))
            self.settings = dataclasses.replace(self.settings, workers=chosen)
        self._prepare_output()
        started = time.time()
        shards, earlier = self._plan(inputs, files)
        if earlier.get("complete") and (self.output / "stats.json").exists():
            return _summary(self.output, json.loads((self.output / "stats.json").read_text()),
                            0.0)
        resumed = bool(earlier)
        with self._open():
            summaries = self._map(shards)
            decided = self._decide(shards, sum(s["records"] for s in summaries))
            write = WriteJob(self.output, self.settings.fmt, self.pipeline.removed_lines,
                             tuple(name for name, _ in self.pipeline.corpus))
            tallies = list(self._executor().map(write, shards))
        failed = [t for t in tallies if isinstance(t, Rejection)]
        if failed:
            raise DechaffError(f"writing the outputs failed: {failed[0].detail}")
        return self._finish(shards, summaries, tallies, time.time() - started, resumed,
                            decided)

    def _prepare_output(self) -> None:
        if (self.output / "documents").exists() and not (self.output / "run.json").exists():
            raise ConfigError(f"{self.output} holds documents/ of something other than a "
                              "dechaff run; give a new --output")
        try:
            self.work.mkdir(parents=True, exist_ok=True)
            probe = self.work / ".probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            from dechaff.sources import reason_of

            raise OutputError(f"{self.output}: cannot write: {reason_of(error)}") from error

    def _plan(self, inputs: list[str], files: list[str]
              ) -> tuple[list[Shard], dict[str, Any]]:
        """The shards: those of the run.json of an earlier run of the same command, or new."""
        described = {"inputs": inputs, "files": files, "format": self.settings.fmt,
                     "pipeline": self.pipeline.describe()}
        path = self.output / "run.json"
        if path.exists():
            earlier = json.loads(path.read_text(encoding="utf-8"))
            if {k: earlier.get(k) for k in described} != json.loads(json.dumps(described)):
                raise ConfigError(f"{self.output} holds a run of other inputs or another "
                                  "pipeline; give a new --output")
            return [_shard(s) for s in earlier["shards"]], dict(earlier)
        shards = plan(files, self.workers, self.settings.shard_bytes)
        record = {"version": __version__, **described, "workers": self.workers,
                  "shards": [_shard_json(s) for s in shards], "complete": False}
        write_atomic(path, json.dumps(record, indent=1, ensure_ascii=False).encode())
        return shards, {}

    def _executor(self) -> Any:
        """The executor a run was given (a cluster's), or this machine's: one for the whole
        run, so that its pool serves every step."""
        if self.settings.executor is not None:
            return self.settings.executor
        if self._local is None:
            from dechaff.executors import LocalExecutor

            self._local = LocalExecutor(self.workers, scratch=str(self.work / "shuffle"))
        return self._local

    def _open(self) -> Any:
        """The executor kept open from the pages to the outputs (one pool of processes for
        the map, the corpus steps and the writing), where it can be."""
        from contextlib import nullcontext

        executor = self._executor()
        return executor if hasattr(executor, "__enter__") else nullcontext()

    def _map(self, shards: list[Shard]) -> list[dict[str, Any]]:
        """Every shard through the pipeline; a shard whose worker died is tried again."""
        from dechaff.progress import Progress

        job = ShardJob(self.pipeline, self.work, kinds_of(sorted({p.path for s in shards
                                                                  for p in s.pieces}),
                                                         self.pipeline.fields))
        results: dict[int, dict[str, Any]] = {}
        todo = shards
        with Progress(sum(s.size for s in shards), self.settings.progress) as bar:
            for _ in range(staging.MAX_ATTEMPTS + 1):
                outcomes = self._executor().map(job, todo)
                for shard, outcome in zip(todo, outcomes, strict=True):
                    if isinstance(outcome, dict):
                        results[shard.index] = outcome
                        bar.update(shard.size, outcome["records"])
                todo = [s for s in todo if s.index not in results]
                if not todo:
                    return [results[s.index] for s in shards]
        raise DechaffError(f"shard {todo[0].name} kept failing; rerun the same command "
                           "to go on where it stopped")

    def _decide(self, shards: list[Shard], documents: int) -> dict[str, float]:
        """Each corpus step over every document's keys, in order; each writes what it
        decided about each shard to the work folder, where the writers read it. The
        seconds each took."""
        shutil.rmtree(self.work / "corpus", ignore_errors=True)  # a rerun decides anew
        executor = self._executor()
        names = tuple(name for name, _ in self.pipeline.corpus)
        seconds = {}
        for n, (name, step) in enumerate(self.pipeline.corpus):
            started = time.perf_counter()
            step.decide(Corpus(self.work, documents, name, names[:n]), shards, executor)
            seconds[name] = round(time.perf_counter() - started, 3)
        return seconds

    def _finish(self, shards: list[Shard], summaries: list[dict[str, Any]],
                tallies: list[Any], seconds: float, resumed: bool,
                decided: dict[str, float]) -> Summary:
        from dechaff.report import merge, write_report

        stats = merge(tallies, summaries, seconds, self.workers, resumed)
        stats["timings"]["corpus_seconds_by_step"] = decided
        stats["timings"]["tasks_by_node"] = self._executor().placement()
        stats["timings"]["peak_memory_mb"] = _peak_memory()
        write_atomic(self.output / "stats.json",
                     json.dumps(stats, indent=1, ensure_ascii=False).encode())
        write_report(self.output / "report.html", stats)
        path = self.output / "run.json"
        record = json.loads(path.read_text(encoding="utf-8"))
        write_atomic(path, json.dumps({**record, "complete": True}, indent=1,
                                      ensure_ascii=False).encode())
        shutil.rmtree(self.work, ignore_errors=True)
        return _summary(self.output, stats, seconds)


def _peak_memory() -> dict[str, float]:
    """The most resident memory this process and its largest worker process have held, in
    MB (where the system tells: not on Windows, and not for a cluster's nodes)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return {}
    kb = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KB, bytes on macOS
    return {"this_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb, 1),
            "largest_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                    / kb, 1)}


def _summary(output: Path, stats: dict[str, Any], seconds: float) -> Summary:
    return Summary(output, stats["records"], stats["documents"], stats["rejected"],
                   stats["reasons"], seconds)


def _shard_json(shard: Shard) -> dict[str, Any]:
    return {"index": shard.index, "size": shard.size,
            "pieces": [[p.path, p.start, p.end] for p in shard.pieces]}


def _shard(data: dict[str, Any]) -> Shard:
    from dechaff.shards import Piece

    return Shard(data["index"], tuple(Piece(*p) for p in data["pieces"]), data["size"])
