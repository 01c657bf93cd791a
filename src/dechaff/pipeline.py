"""A pipeline: the list of steps a record goes through, which a user can read and change.

    prepare  extract() for HTML, clean() for flattened text      -> Document | Rejection
    steps    document steps in order (filters.py, or your own)   -> Document | Rejection
    corpus   steps over the whole run (dedup.py, boilerplate.py) -> kept, edited or set aside

A document step is any picklable callable from Document to Document or Rejection: a
frozen dataclass with its thresholds as fields, like those of filters.py. A configuration
(`dechaff.toml`) names steps by class, with their fields; `package.module:Class` names a
step of your own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from dechaff import boilerplate, dedup, filters
from dechaff.decode import decode
from dechaff.document import Document, Page, Reason, Rejection
from dechaff.errors import ConfigError
from dechaff.extractor import Extractor
from dechaff.lines import Cleaner
from dechaff.readers import HTML, Fields, Record

Step = Callable[[Document], Document | Rejection]
# Media types extract() is given; a response of another type (a PDF, an image) is set
# aside as not_html without reading it further. An empty type is tried, as servers omit it.
HTML_TYPES = ("", "text/html", "application/xhtml+xml", "text/xml", "application/xml",
              "text/plain")
# What happens to the lines that cleaning and C4Lines remove: kept on the document, written
# to rejected/ as rows of their own, or dropped.
REMOVED_LINES = ("document", "rejected", "none")
# The document steps of the default pipeline: FineWeb's recipe (Gopher repetition and
# quality, C4, FineWeb's own rules), for a general web corpus in any language.
DEFAULT_STEPS: tuple[Step, ...] = (
    filters.LanguageIn(),
    filters.MaxRepeatedLines(),
    filters.MaxRepeatedParagraphs(),
    filters.MaxRepeatedNgrams(),
    filters.WordCountInRange(),
    filters.MeanWordLengthInRange(),
    filters.MaxSymbolRatio(),
    filters.MaxBulletLines(),
    filters.MaxCutLines(),
    filters.MinAlphabeticWords(),
    filters.MinStopWords(),
    filters.C4Lines(),
    filters.NoLoremIpsum(),
    filters.NoCurlyBraces(),
    filters.MinSentences(),
    filters.MinPunctuatedLines(),
    filters.MaxShortLines(),
    filters.MaxRepeatedLineChars(),
    filters.MaxLineBreaksPerWord(),
)
CORPUS_STEPS: dict[str, type] = {"ExactDuplicates": dedup.ExactDuplicates,
                                  "NearDuplicates": dedup.NearDuplicates,
                                  "SiteBoilerplate": boilerplate.SiteBoilerplate}
# The corpus steps of the default pipeline: copies first (exact and near), then the lines a
# site repeats, counted over the documents that are not copies.
DEFAULT_CORPUS: tuple[Any, ...] = (dedup.NearDuplicates(), boilerplate.SiteBoilerplate())


@dataclass(frozen=True, slots=True)
class Prepare:
    """The first step: a record to a Document, through extract() or clean() by its kind."""

    extractor: Extractor = field(default_factory=Extractor)
    cleaner: Cleaner = field(default_factory=Cleaner)

    def __call__(self, record: Record) -> Document | Rejection:
        if record.kind == HTML:
            if record.content_type not in HTML_TYPES:
                return Rejection(Reason.NOT_HTML, record.content_type, record.url)
            return self.extractor(Page(record.content, record.url, record.charset))
        content = record.content
        text = decode(content, record.charset) if isinstance(content, bytes) else content
        return self.cleaner(text, record.url)


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What every record goes through; picklable, so workers get a copy."""

    prepare: Prepare = field(default_factory=Prepare)
    steps: tuple[tuple[str, Step], ...] = ()
    corpus: tuple[tuple[str, dedup.CorpusStep], ...] = ()
    fields: Fields = field(default_factory=Fields)
    removed_lines: str = "document"
    # Records are read up to this many bytes; the rest of a bigger one is cut (and noted).
    # Parsing time and memory grow with size: this bounds both per record.
    max_page_bytes: int = 10_000_000
    # A record still in the steps after this many seconds is set aside as `timeout`;
    # extract() stops itself sooner (Extractor.timeout_s), this catches everything else.
    timeout_s: float = 30.0

    def describe(self) -> dict[str, Any]:
        """The resolved pipeline, as run.json records it."""
        return {"prepare": {"extract": _fields(self.prepare.extractor),
                            "clean": _fields(self.prepare.cleaner)},
                "steps": [{"name": n, "step": _class(s), **_fields(s)} for n, s in self.steps],
                "corpus": [{"name": n, "step": _class(s), **_fields(s)} for n, s in self.corpus],
                "fields": _fields(self.fields), "removed_lines": self.removed_lines,
                "max_page_bytes": self.max_page_bytes, "timeout_s": self.timeout_s}


def default_pipeline(**options: Any) -> Pipeline:
    return Pipeline(steps=named(DEFAULT_STEPS), corpus=named(DEFAULT_CORPUS), **options)


def without(pipeline: Pipeline, *, near_duplicates: bool = True,
            site_boilerplate: bool = True) -> Pipeline:
    """The pipeline without the corpus steps turned off; without near-duplicates, exact
    duplicates are still removed (ExactDuplicates takes NearDuplicates' place)."""
    corpus: list[Any] = []
    for _, step in pipeline.corpus:
        if isinstance(step, dedup.NearDuplicates) and not near_duplicates:
            if not any(isinstance(s, dedup.ExactDuplicates) for _, s in pipeline.corpus):
                corpus.append(dedup.ExactDuplicates())
        elif not (isinstance(step, boilerplate.SiteBoilerplate) and not site_boilerplate):
            corpus.append(step)
    return dataclasses.replace(pipeline, corpus=named(corpus))


def named(steps: Sequence[Any]) -> tuple[tuple[str, Any], ...]:
    """Each step with its class name; a second step of a class gets "-2", and so on."""
    out: list[tuple[str, Any]] = []
    seen: dict[str, int] = {}
    for step in steps:
        name = type(step).__name__
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name}-{seen[name]}", step))
    return tuple(out)


def _class(step: object) -> str:
    kind = type(step)
    return kind.__name__ if kind.__module__ in (filters.__name__, dedup.__name__,
                                                boilerplate.__name__) else (
        f"{kind.__module__}:{kind.__qualname__}")


def _fields(obj: object) -> dict[str, Any]:
    if not dataclasses.is_dataclass(obj):
        return {}
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if value is None or isinstance(value, (str, int, float, bool, tuple, frozenset)):
            out[f.name] = sorted(value) if isinstance(value, frozenset) else value
    return out


# -- configuration ------------------------------------------------------------------------
def from_config(config: Mapping[str, Any], base: Pipeline | None = None) -> Pipeline:
    """A pipeline from a configuration's tables (see README: `dechaff run --config`)."""
    pipeline = base or default_pipeline()
    known = {"input", "output", "extract", "clean", "steps", "run"}
    _no_unknown(config, known, "the configuration")
    prepare = Prepare(build(Extractor, config.get("extract", {}), "[extract]"),
                      build(Cleaner, config.get("clean", {}), "[clean]"))
    inputs = dict(config.get("input", {}))
    limits = {k: inputs.pop(k) for k in ("max_page_bytes",) if k in inputs}
    output = dict(config.get("output", {}))
    run = dict(config.get("run", {}))
    _no_unknown(output, {"format", "removed_lines"}, "[output]")
    _no_unknown(run, {"workers", "timeout_s", "shard_bytes", "engine", "ray_address"}, "[run]")
    changes: dict[str, Any] = {"prepare": prepare, "fields": build(Fields, inputs, "[input]"),
                               **limits}
    if "timeout_s" in run:
        changes["timeout_s"] = float(run["timeout_s"])
    if "removed_lines" in output:
        changes["removed_lines"] = output["removed_lines"]
    if "steps" in config:
        changes["steps"], changes["corpus"] = steps_from(config["steps"])
    return check(dataclasses.replace(pipeline, **changes))


def check(pipeline: Pipeline) -> Pipeline:
    if pipeline.removed_lines not in REMOVED_LINES:
        raise ConfigError(f"removed_lines must be one of {', '.join(REMOVED_LINES)}, "
                          f"not {pipeline.removed_lines!r}")
    return pipeline


def steps_from(tables: Sequence[Mapping[str, Any]]
               ) -> tuple[tuple[tuple[str, Step], ...], tuple[tuple[str, Any], ...]]:
    """Document steps and corpus steps from `[[steps]]` tables, corpus steps last."""
    document: list[Any] = []
    corpus: list[Any] = []
    for position, table in enumerate(tables, 1):
        options = dict(table)
        name = options.pop("step", None)
        if not isinstance(name, str):
            raise ConfigError(f"step {position}: needs step = \"ClassName\"")
        if name in CORPUS_STEPS:
            corpus.append(build(CORPUS_STEPS[name], options, name))
        elif corpus:
            raise ConfigError(f"step {position} ({name}) comes after a step over the whole "
                              "corpus; those run last")
        else:
            document.append(build(step_class(name), options, name))
    return named(document), named(corpus)


def step_class(name: str) -> type:
    """A step class by name: one of filters.py, or `package.module:Class`."""
    if ":" not in name:
        found = getattr(filters, name, None)
        if not isinstance(found, type) or not callable(found):
            raise ConfigError(f"unknown step {name!r}")
        return found
    module, _, attribute = name.partition(":")
    try:
        found = getattr(import_module(module), attribute)
    except (ImportError, AttributeError) as error:
        raise ConfigError(f"step {name}: cannot import: {error}") from error
    if not isinstance(found, type):
        raise ConfigError(f"step {name}: not a class")
    return found


def build(kind: type, options: Mapping[str, Any], where: str) -> Any:
    """`kind(**options)`, lists as tuples; unknown or wrong options are a ConfigError."""
    names = {f.name: f for f in dataclasses.fields(kind)} if dataclasses.is_dataclass(kind) else {}
    _no_unknown(options, set(names), where)
    values = {key: _value(value, names[key].default) for key, value in options.items()}
    try:
        return kind(**values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {error}") from error


def _value(value: Any, default: Any) -> Any:
    if isinstance(value, list):
        items = tuple(_value(v, None) for v in value)
        return frozenset(items) if isinstance(default, frozenset) else items
    return value


def _no_unknown(options: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown option {unknown[0]!r}")
