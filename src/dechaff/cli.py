"""The `dechaff` command: a thin shell over `extract()`, `clean()` and the renderers.

Exit status:

    0  every input gave a document
    1  some inputs were rejected or failed (each reason on stderr; the others were written)
    2  a usage or configuration error: an unknown option, a bad value
    3  an input does not exist or cannot be read
    4  an output cannot be written

An error that stops the run prints one line, `dechaff: error: ...`, on stderr. A page
that gives no document does not stop the run: it is reported on stderr with its reason
and the other inputs go on.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from dechaff import __version__
from dechaff.document import Document, Page, Reason, Rejection
from dechaff.errors import ConfigError, DechaffError
from dechaff.extractor import Extractor
from dechaff.fetch import Fetcher
from dechaff.render import FORMATS, Renderer
from dechaff.sinks import Sink
from dechaff.sources import MAX_INPUT_BYTES, URL, Source, read, reason_of, resolve

EXIT_STATUS = """\b
Exit status:
  0  every input gave a document
  1  some inputs were rejected or failed (reasons on stderr, the rest written)
  2  usage or configuration error
  3  an input does not exist or cannot be read
  4  an output cannot be written"""
# Starting a worker process costs about 0.8 s (spawn, imports, the model), as much as
# extracting 60 benchmark pages at 14 ms each; measured with 181 pages on 2 CPUs, two
# workers were no faster than one. A worker is added per 100 pages.
PAGES_PER_WORKER = 100
# Fetching waits on the network, not on the CPU: with several URLs, this many processes
# keep as many downloads going, whatever the number of CPUs.
FETCH_WORKERS = 8
# The shell's status for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


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
        from dechaff.decode import decode
        from dechaff.lines import clean

        content = page.content
        text = decode(content, page.charset) if isinstance(content, bytes) else content
        return clean(text, url=page.url)


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

    def __init__(self, total: int, progress: bool | None) -> None:
        self.total = total
        self.reasons: Counter[str] = Counter()
        self.bar: Any = None
        stderr = sys.stderr
        if total > 1 and (progress if progress is not None else stderr.isatty()):
            from tqdm import tqdm  # imported late: most runs have one input

            self.bar = tqdm(total=total, unit="page", file=stderr, dynamic_ncols=True)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(f"dechaff: {message}", file=sys.stderr)
        else:
            click.echo(f"dechaff: {message}", err=True)

    def done(self, name: str, result: Rendered | Rejection) -> None:
        if isinstance(result, Rejection):
            self.reasons[result.reason.value] += 1
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
        return 1 if rejected else 0


def run(sources: list[tuple[Source, str]], job: Job, workers: int, sink: Sink,
        progress: bool | None) -> int:
    """Run `job` over the sources, writing each document as it comes; the exit status."""
    from dechaff.executors import LocalExecutor

    report = Report(len(sources), progress)
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
    by_pages = min(os.cpu_count() or 1, len(sources) // PAGES_PER_WORKER)
    return max(1, by_pages, min(urls, FETCH_WORKERS) if urls > 1 else 1)


# -- the command --------------------------------------------------------------------------
class Command(click.Group):
    """A group whose errors print one line and exit with the code the error carries."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
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
        status = status if isinstance(status, int) else 0
        if standalone_mode:
            sys.exit(status)
        return status


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
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Write one file per input in this directory (else to stdout).")
@click.option("-w", "--workers", type=click.IntRange(min=1),
              help="Processes to run in parallel  [default: by number of inputs and CPUs]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds to wait for a server to connect or answer  [default: 10, 30]")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr  [default: when stderr is a terminal]")
@_URL_OPTION
def extract(inputs: tuple[str, ...], fmt: str, links: bool, images: bool, front_matter: bool,
            comments: bool, output: Path | None, workers: int | None, timeout: float | None,
            progress: bool | None, url: str | None) -> int:
    """Extract the article of web pages: files, directories (walked for .html, .htm and
    .xhtml pages, gzipped or not), URLs, or - for standard input.

    Several inputs run in parallel; each document goes to stdout (JSON as JSON Lines,
    text and Markdown separated by a blank line) or, with --output, to its own file,
    written as soon as it is ready. A page that gives no document is reported on stderr
    with its reason, and the others go on."""
    if (links or images) and fmt != "markdown":
        raise ConfigError("--links and --images apply to --format markdown")
    sources = resolve(inputs, url)
    renderer = Renderer(fmt, links, images, front_matter, 2 if output and fmt == "json" else None)
    fetcher = Fetcher(trust_env=True)
    if timeout is not None:
        fetcher = replace(fetcher, connect_timeout_s=timeout, read_timeout_s=timeout)
    job = Job(renderer, step=Extractor(comments=comments), fetcher=fetcher)
    sink = Sink(output, FORMATS[fmt], "" if fmt == "json" else "\n")
    return run(sources, job, _workers(workers, sources), sink, progress)


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
    return run(sources, job, 1, Sink(None, FORMATS[fmt], "\n"), progress=False)


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
