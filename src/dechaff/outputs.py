"""The run's outputs: a row per document and per rejection, and the files that hold them.

    DIR/documents/part-NNNNN.jsonl.gz   (or .parquet) a row per document kept
    DIR/rejected/part-NNNNN.jsonl.gz    a row per record set aside, with its reason

Every row of a kind has the same columns in the same order, with the same types, so the
files load as they are in pandas, polars, DuckDB and Hugging Face `datasets`. Parquet
says each column's type, and an unknown value is null. JSON does not, and readers guess a
column's type from the first rows of each file (polars, `datasets`): a column that is null
in every row of one file and text in another fails to load. So in JSON Lines an unknown
text is "" and an unknown confidence 0.0, and the lines removed from a document are one
string, a line each, `reason<TAB>text` (an empty list would have no type either).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dechaff.document import Document, Rejection
from dechaff.sinks import write_atomic

FORMATS = {"jsonl": ".jsonl.gz", "parquet": ".parquet"}
# gzip level 4: on the rows of the benchmark WARC's run (3.0 MB), 4% larger than level 6
# (1.14 against 1.10 MB) and 2.4x faster (0.055 against 0.134 s); level 1 was 15% larger.
GZIP_LEVEL = 4
DOCUMENT_COLUMNS = ("id", "url", "text", "title", "date", "author", "language", "source",
                    "date_modified", "site_name", "description", "language_confidence",
                    "page_type", "page_type_confidence", "removed")
REJECTED_COLUMNS = ("id", "url", "reason", "detail", "step", "text", "title", "source",
                    "duplicate_of")


def record_id(path: str, offset: int, container_id: str | None) -> str:
    """A stable id: from the archive's own record id when it has one (WARC-Record-ID),
    else from the input's path as given and the record's offset in it."""
    key = container_id or f"{path}\x00{offset}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def source(path: str, offset: int) -> dict[str, Any]:
    return {"file": path, "offset": offset}


def document_row(doc_id: str, where: dict[str, Any], doc: Document) -> dict[str, Any]:
    return {"id": doc_id, "url": doc.url, "text": doc.text, "title": doc.title,
            "date": doc.date, "author": doc.author, "language": doc.language,
            "source": where, "date_modified": doc.date_modified, "site_name": doc.site_name,
            "description": doc.description, "language_confidence": doc.language_confidence,
            "page_type": doc.page_type, "page_type_confidence": doc.page_type_confidence,
            "removed": [{"text": r.text, "reason": r.reason} for r in doc.removed]}


def rejected_row(doc_id: str, where: dict[str, Any], rejection: Rejection, step: str,
                 doc: Document | None = None, url: str | None = None) -> dict[str, Any]:
    return {"id": doc_id, "url": rejection.url or (doc.url if doc else None) or url,
            "reason": rejection.reason.value, "detail": rejection.detail, "step": step,
            "text": doc.text if doc else None, "title": doc.title if doc else None,
            "source": where, "duplicate_of": None}


def line_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines removed from a document, as rejected rows of their own."""
    return [{"id": f"{row['id']}-{n}", "url": row["url"], "reason": line["reason"],
             "detail": f"line removed from {row['id']}", "step": "lines",
             "text": line["text"], "title": None, "source": row["source"], "duplicate_of": None}
            for n, line in enumerate(row["removed"], 1)]


def write_rows(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str],
               fmt: str) -> None:
    """All rows in one file, written atomically; no file for no rows."""
    if not rows:
        return
    if fmt == "parquet":
        write_atomic(path, _parquet(rows, columns))
        return
    lines = b"".join(json.dumps({c: _json_value(c, row[c]) for c in columns},
                                ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
                     for row in rows)
    write_atomic(path, gzip.compress(lines, GZIP_LEVEL, mtime=0))


def _json_value(column: str, value: Any) -> Any:
    if column == "removed":
        return "\n".join(f"{line['reason']}\t{line['text']}" for line in value)
    if value is None:
        return 0.0 if column in _FLOATS else ""
    return value


def _parquet(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, _TYPES[c]()) for c in columns])
    table = pa.Table.from_pylist([{c: row[c] for c in columns} for row in rows], schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def _string() -> Any:
    import pyarrow as pa

    return pa.string()


def _source() -> Any:
    import pyarrow as pa

    return pa.struct([("file", pa.string()), ("offset", pa.int64())])


def _removed() -> Any:
    import pyarrow as pa

    return pa.list_(pa.struct([("text", pa.string()), ("reason", pa.string())]))


def _float() -> Any:
    import pyarrow as pa

    return pa.float64()


_FLOATS = ("language_confidence", "page_type_confidence")
_TYPES = {**{c: _string for c in (*DOCUMENT_COLUMNS, *REJECTED_COLUMNS)},
          "source": _source, "removed": _removed, **dict.fromkeys(_FLOATS, _float)}
