"""dechaff: web pages to clean documents, the article without the chaff.

    extract(page)  one HTML page (str, bytes or Page) -> Document | Rejection
    clean(text)    one text that was already flattened -> Document | Rejection
    run(inputs, output)  many pages, crawls and dumps -> a dataset in a directory

`import dechaff` loads only the records and errors; the rest loads on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dechaff.document import Block, Document, Kind, Link, Page, Reason, Rejection, Removal
from dechaff.errors import ConfigError, DechaffError, InputError, OutputError

if TYPE_CHECKING:
    from dechaff.corpus import run
    from dechaff.extractor import Extractor, extract
    from dechaff.lines import Cleaner, clean
    from dechaff.render import to_json, to_markdown, to_text

_LAZY = {
    "Cleaner": "dechaff.lines",
    "clean": "dechaff.lines",
    "Extractor": "dechaff.extractor",
    "extract": "dechaff.extractor",
    "to_json": "dechaff.render",
    "to_markdown": "dechaff.render",
    "to_text": "dechaff.render",
    "run": "dechaff.corpus",
}

__all__ = [
    "Block",
    "Cleaner",
    "ConfigError",
    "DechaffError",
    "Document",
    "Extractor",
    "InputError",
    "Kind",
    "Link",
    "OutputError",
    "Page",
    "Reason",
    "Rejection",
    "Removal",
    "clean",
    "extract",
    "run",
    "to_json",
    "to_markdown",
    "to_text",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dechaff' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
