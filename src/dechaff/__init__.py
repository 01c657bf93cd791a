"""dechaff: web pages to clean documents, the article without the chaff."""

from dechaff.document import Block, Document, Kind, Link, Page, Reason, Rejection, Removal
from dechaff.errors import ConfigError, DechaffError, InputError, OutputError
from dechaff.extract import Extractor, extract

__all__ = [
    "Block",
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
    "extract",
]
__version__ = "0.1.0"
