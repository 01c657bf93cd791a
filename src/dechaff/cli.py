"""The `dechaff` command: a thin shell over `extract()`, `clean()` and the renderers.

Exit status:

    0  every input gave a document
    1  some inputs were rejected or failed (each reason on stderr; the others were written)
    2  a usage or configuration error: an unknown option, a bad value
    3  an input named on the command line does not exist or cannot be read
    4  an output cannot be written
    130, 143  stopped by Ctrl-C or by kill (SIGTERM); what was written stays

An error that stops the run prints one line, `dechaff: error: ...`, on stderr. A page
that gives no document does not stop the run: it is reported on stderr with its reason
and the other inputs go on.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from dechaff import __version__
from dechaff.document import Document, Page, Reason, Rejection
from dechaff.errors import ConfigError, DechaffError, InputError
from dechaff.extractor import Extractor
from dechaff.fetch import Fetcher
from dechaff.render import FORMATS, TEXT_SEPARATOR, Renderer
from dechaff.sinks import Sink
from dechaff.sources import MAX_INPUT_BYTES, URL, Source, read, reason_of, resolve

EXIT_STATUS = """\b
Exit status:
  0  every input gave a document
  1  some inputs were rejected or failed (reasons on stderr, the rest written)
  2  usage or configuration error
  3  an input does not exist or cannot be read
  4  an output cannot be written
  130, 143  stopped by Ctrl-C or by kill (SIGTERM)"""
# A second process pays only for large inputs. A worker costs about 0.3 s of CPU to start
# (spawn, imports, the models) and each page sent to it 0.4-1 ms more in pickling and
# pipes. On this 2-CPU machine, shared with other jobs, two workers took twice the CPU of
# one and longer on the clock for 2,000 pages of 0.7 KB (5.6 s against 2.7 s) and 500 of
# 21 KB (2.8 s against 1.7 s), and gained 13% on 724 benchmark pages (18 MB gzipped).
# So a worker is added per this many bytes of input (BENCHMARKS.md, "Hostile input").
BYTES_PER_WORKER = 50_000_000
# Fetching waits on the network, not on the CPU: with several URLs, this many processes
# keep as many downloads going, whatever the number of CPUs.
FETCH_WORKERS = 8
# The shell's status for a command stopped by Ctrl-C (128 + SIGINT) or kill (128 + SIGTERM).
INTERRUPTED = 130
TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM, raised where the run is, so that it ends as Ctrl-C does: the pool's workers
    stopped, what was written kept. Left to the default, the signal ended this process
    alone and its workers lived on (issue 14)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


# -- one input, in a worker ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rendered:
    """The rendered document of one input, with a note for the user (a truncation)."""

    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class CleanText:
    """`dechaff.lines.clean()` over a page of flattened text."""

    def __call__(self, page: Page) -> Document | Rejection:
        from dechaff.decode import binary, decode
        from dechaff.lines import clean

        content = page.content
        if isinstance(content, bytes):
            kind = binary(content)
            if kind is not None:
                return Rejection(Reason.NOT_TEXT, kind, page.url)
            content = decode(content, page.charset)
        if _is_html(content):
            return Rejection(Reason.NOT_TEXT, "an HTML page: use `dechaff extract`", page.url)
        return clean(content, url=page.url)


# Text that opens with a doctype or <html>, or holds this many of the commonest HTML tags
# in its first HTML_SCAN_CHARS characters, is an HTML page, not flattened text: cleaned,
# its tags stayed in as words. A text dump that quotes a tag or two still goes through.
HTML_SCAN_CHARS = 65536
MIN_HTML_TAGS = 5
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:div|p|span|a|li|ul|td|tr|script|meta|link|br|img|table|head|body"
                       r"|h[1-6])\b[^<>]*>", re.IGNORECASE)


def _is_html(text: str) -> bool:
    if _HTML_START.match(text):
        return True
    tags = _HTML_TAG.finditer(text, 0, HTML_SCAN_CHARS)
    return sum(1 for _ in zip(range(MIN_HTML_TAGS), tags, strict=False)) == MIN_HTML_TAGS


@dataclass(frozen=True, slots=True)
class Job:
    """Read one input, turn it into a document, render it: what a worker does per input."""

    render: Renderer
    step: Callable[[Page], Document | Rejection] = field(default_factory=Extractor)
    fetcher: Fetcher = field(default_factory=Fetcher)
    max_bytes: int = MAX_INPUT_BYTES

    def __call__(self, source: Source) -> Rendered | Rejection:
        loaded = self.load(source)
        if isinstance(loaded, Rejection):
            return loaded
        page, note = loaded
        result = self.step(page)
        if isinstance(result, Rejection):
            return result
        return Rendered(self.render(result, source.name), note)

    def load(self, source: Source) -> tuple[Page, str] | Rejection:
        """The page of a source and a note when it was cut, or why it cannot be read."""
        if source.data is None and URL.match(source.name):
            fetched = self.fetcher(source.name)
            if isinstance(fetched, Rejection):
                return fetched
            return fetched.page, _cut_note(self.fetcher.max_bytes) if fetched.truncated else ""
        try:
            data = source.data if source.data is not None else read(source.name, self.max_bytes)
        except (OSError, EOFError, zlib.error) as error:
            return Rejection(Reason.UNREADABLE, reason_of(error), source.url)
        note = _cut_note(self.max_bytes) if len(data) > self.max_bytes else ""
        return Page(data[: self.max_bytes], source.url), note


def _cut_note(max_bytes: int) -> str:
    return f"cut at {max_bytes:,} bytes"


# -- running ------------------------------------------------------------------------------
class Report:
    """Messages on stderr, above the progress bar when there is one, and the tally."""

    def __init__(self, total: int, progress: bool | None,
                 named: frozenset[str] = frozenset()) -> None:
        self.total = total
        self.named = named  # files named on the command line: unreadable means exit 3
        self.unreadable = False
        self.reasons: Counter[str] = Counter()
        self.bar: Any = None
        stderr = sys.stderr
        if total > 1 and (progress if progress is not None else stderr.isatty()):
            from dechaff.progress import bar  # imported late: most runs have one input

            self.bar = bar(total=total, unit="page", file=stderr, dynamic_ncols=True)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(f"dechaff: {message}", file=sys.stderr)
        else:
            click.echo(f"dechaff: {message}", err=True)

    def done(self, name: str, result: Rendered | Rejection) -> None:
        if isinstance(result, Rejection):
            self.reasons[result.reason.value] += 1
            self.unreadable |= result.reason is Reason.UNREADABLE and name in self.named
            detail = f": {result.detail}" if result.detail else ""
            self.say(f"{name}: {result.reason.value}{detail}")
        elif result.note:
            self.say(f"{name}: warning: {result.note}")
        if self.bar is not None:
            self.bar.update()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def status(self) -> int:
        """Print the tally when there were several inputs; the exit status."""
        rejected = sum(self.reasons.values())
        if self.total > 1:
            counts = ", ".join(f"{r} {n}" for r, n in self.reasons.most_common())
            self.say(f"{self.total} inputs: {self.total - rejected} documents, "
                     f"{rejected} rejected" + (f" ({counts})" if counts else ""))
        return InputError.exit_code if self.unreadable else 1 if rejected else 0


def run(sources: list[tuple[Source, str]], job: Job, workers: int, sink: Sink,
        progress: bool | None, named: frozenset[str] = frozenset()) -> int:
    """Run `job` over the sources, writing each document as it comes; the exit status."""
    from dechaff.executors import LocalExecutor

    report = Report(len(sources), progress, named)
    results = LocalExecutor(workers).map(job, (source for source, _ in sources))
    try:
        for (source, stem), result in zip(sources, results, strict=True):
            report.done(source.name, result)
            if isinstance(result, Rendered):
                sink.write(stem, result.text)
    finally:
        report.close()
        if isinstance(results, Generator):
            results.close()  # stops the workers now, not when the generator is collected
    return report.status()


def _workers(requested: int | None, sources: list[tuple[Source, str]]) -> int:
    if requested is not None:
        return requested
    urls = sum(1 for source, _ in sources if source.data is None and URL.match(source.name))
    by_bytes = min(os.cpu_count() or 1, sum(map(_size, sources)) // BYTES_PER_WORKER)
    return max(1, by_bytes, min(urls, FETCH_WORKERS) if urls > 1 else 1)


def _size(item: tuple[Source, str]) -> int:
    """The bytes of a source as read or stored; 0 for a URL or a file that has gone."""
    source = item[0]
    if source.data is not None:
        return len(source.data)
    try:
        return 0 if URL.match(source.name) else os.stat(source.name).st_size
    except OSError:
        return 0


# -- the command --------------------------------------------------------------------------
class Command(click.Group):
    """A group whose errors print one line and exit with the code the error carries."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        with _terminated_as_exception():
            status = self._status(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def _status(self, args: Sequence[str] | None, prog_name: str | None,
                complete_var: str | None, **extra: Any) -> int:
        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()  # no command given: the help, as a usage error
            status = ConfigError.exit_code
        except click.ClickException as error:
            status = _fail(_message(error), _exit_code(error))
        except DechaffError as error:
            status = _fail(str(error), error.exit_code)
        except click.Abort:
            status = _fail("interrupted", INTERRUPTED)
        except Terminated:
            status = _fail("terminated", TERMINATED)
        return status if isinstance(status, int) else 0


@contextmanager
def _terminated_as_exception() -> Iterator[None]:
    """SIGTERM raises Terminated while the command runs, where the default would end this
    process at once; only from the main thread, and only over the default handler."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _message(error: click.ClickException) -> str:
    text = " ".join(error.format_message().split())
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        text += f" (see '{ctx.command_path} --help')"
    return text


def _exit_code(error: click.ClickException) -> int:
    return ConfigError.exit_code if isinstance(error, click.UsageError) else error.exit_code


def _fail(message: str, code: int) -> int:
    click.echo(f"dechaff: error: {message}", err=True)
    return code


@click.group(cls=Command, help=f"Web pages to clean documents.\n\n{EXIT_STATUS}")
@click.version_option(__version__, prog_name="dechaff")
def main() -> None:
    pass


# What comes between two documents on standard output: JSON Lines need nothing, Markdown
# documents open with their front matter, plain text gets a page break.
SEPARATORS = {"json": "", "markdown": "\n", "text": TEXT_SEPARATOR}
_FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)),
                       default="text", show_default=True, help="Output format.")
_URL_OPTION = click.option("--url", metavar="URL",
                           help="The address a file or - came from (for its metadata and links).")


@main.command(epilog=EXIT_STATUS)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|- ...")
@_FORMAT
@click.option("--links/--no-links", default=False, help="Markdown: keep links.")
@click.option("--images/--no-images", default=False, help="Markdown: keep images.")
@click.option("--front-matter/--no-front-matter", default=True,
              help="Markdown: open with YAML front matter holding the metadata (the default).")
@click.option("--comments/--no-comments", default=False,
              help="Also give the readers' comments, after the article (JSON: \"comments\").")
@click.option("--page-type/--no-page-type", default=True,
              help="Tell what kind of page each is (JSON: \"page_type\") and read a page of "
                   "another kind than an article with the block model for such pages (the "
                   "default; --no-page-type is about a tenth faster).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write one file per input in this directory (else to stdout).")
@click.option("-w", "--workers", type=click.IntRange(min=1),
              help="Processes to run in parallel  [default: one per 50 MB of input, up to "
                   "the CPUs]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds to wait for a server to connect, to answer, and to send the "
                   "whole page  [default: 10, 30, 120]")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr  [default: when stderr is a terminal]")
@_URL_OPTION
def extract(inputs: tuple[str, ...], fmt: str, links: bool, images: bool, front_matter: bool,
            comments: bool, page_type: bool, output: Path | None, workers: int | None,
            timeout: float | None, progress: bool | None, url: str | None) -> int:
    """Extract the article of web pages: files, directories (walked for .html, .htm and
    .xhtml pages, gzipped or not), URLs, or - for standard input.

    Several inputs run in parallel; each document goes to stdout (JSON as JSON Lines,
    Markdown separated by a blank line, text by a form feed) or, with --output, to its
    own file, written as soon as it is ready. A page that gives no document is reported on stderr
    with its reason, and the others go on."""
    if (links or images) and fmt != "markdown":
        raise ConfigError("--links and --images apply to --format markdown")
    sources = resolve(inputs, url)
    renderer = Renderer(fmt, links, images, front_matter, 2 if output and fmt == "json" else None)
    fetcher = Fetcher(trust_env=True)
    if timeout is not None:
        fetcher = replace(fetcher, connect_timeout_s=timeout, read_timeout_s=timeout,
                          max_seconds=timeout)
    job = Job(renderer, step=Extractor(comments=comments, page_type=page_type), fetcher=fetcher)
    sink = Sink(output, FORMATS[fmt], SEPARATORS[fmt])
    named = frozenset(s.name for s, _ in sources if s.name in inputs and not URL.match(s.name))
    return run(sources, job, _workers(workers, sources), sink, progress, named)


@main.command(epilog=EXIT_STATUS)
@click.argument("source", metavar="PATH|-")
@_FORMAT
@_URL_OPTION
def clean(source: str, fmt: str, url: str | None) -> int:
    """Clean flattened text (a WET record, a text dump): keep the article's lines, drop the
    menus, notices and banners. Reads a file, or - for standard input."""
    if URL.match(source):
        raise ConfigError("clean reads flattened text from a file or -; fetch pages with extract")
    if importlib.util.find_spec("dechaff.lines") is None:
        raise DechaffError("clean needs dechaff.lines, which this installation lacks")
    sources = resolve([source], url)
    job = Job(Renderer(fmt), step=CleanText())
    named = frozenset(s.name for s, _ in sources if s.name != "-")
    return run(sources, job, 1, Sink(None, FORMATS[fmt], "\n"), False, named)


RUN_EXIT_STATUS = """\b
Exit status:
  0  the run is complete (records set aside are rows of rejected/, not errors)
  1  the run stopped before the end (rerun the same command to go on)
  2  usage or configuration error
  3  an input does not exist or cannot be read
  4  the output cannot be written"""


@main.command(name="run", epilog=RUN_EXIT_STATUS)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The dataset's directory: documents/, rejected/, stats.json, report.html.")
@click.option("-w", "--workers", type=click.IntRange(min=1),
              help="Processes to run in parallel  [default: one per 32 MB of input, at "
                   "most one per CPU]")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file: the pipeline's steps and their settings.")
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "parquet"]),
              help="Output files: gzipped JSON Lines or Parquet  [default: jsonl]")
@click.option("--text-field", metavar="NAME",
              help="JSONL/Parquet: the field of flattened text  [default: text]")
@click.option("--html-field", metavar="NAME",
              help="JSONL/Parquet: the field of HTML (extracted rather than cleaned).")
@click.option("--removed-lines", type=click.Choice(["document", "rejected", "none"]),
              help="Lines removed from text: on the document, as rows in rejected/, or "
                   "not kept  [default: document]")
@click.option("--shard-bytes", type=click.IntRange(min=1), metavar="BYTES",
              help="Input bytes per shard  [default: enough shards for every worker]")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr  [default: when stderr is a terminal]")
@click.option("--near-duplicates/--no-near-duplicates", default=True,
              help="Set aside near copies, not only exact ones  [default: on]")
@click.option("--site-boilerplate/--no-site-boilerplate", default=True,
              help="Remove lines repeated across many pages of a site  [default: on]")
@click.option("--engine", type=click.Choice(["local", "ray"]),
              help="Run on this machine or on a Ray cluster  [default: local]")
@click.option("--ray-address", metavar="ADDR",
              help="The Ray cluster to run on (host:port)  [default: auto, the cluster this "
                   "machine belongs to]")
def run_command(inputs: tuple[str, ...], output: Path, workers: int | None,
                config: Path | None, fmt: str | None, text_field: str | None,
                html_field: str | None, removed_lines: str | None, shard_bytes: int | None,
                progress: bool | None, near_duplicates: bool, site_boilerplate: bool,
                engine: str | None, ray_address: str | None) -> int:
    """Turn crawls and dumps into a dataset: WARC and WET files (.gz too), directories and
    globs of .html/.htm pages, JSONL (.gz, .zst) and Parquet with a text or HTML field,
    .txt files; mixed in one run.

    Rerunning the same command after a crash goes on where it stopped."""
    from dechaff.corpus import run as run_pipeline

    summary = run_pipeline(inputs, output, workers=workers, config=config, fmt=fmt,
                           text_field=text_field, html_field=html_field,
                           removed_lines=removed_lines, shard_bytes=shard_bytes,
                           progress=progress, near_duplicates=near_duplicates,
                           site_boilerplate=site_boilerplate, engine=engine,
                           ray_address=ray_address)
    reasons = ", ".join(f"{r} {n}" for r, n in summary.reasons.items())
    click.echo(f"dechaff: {summary.records:,} records: {summary.documents:,} documents, "
               f"{summary.rejected:,} set aside" + (f" ({reasons})" if reasons else "")
               + f" -> {output}", err=True)
    return 0
