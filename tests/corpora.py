"""Corpora the tests make: distinct articles, copies of them, and sites that print a banner
and a footer on every page. English sentences from a fixed vocabulary, drawn by a seeded
generator, so every run makes the same texts. And a run over such records, read back."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import dechaff


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words("""council port river bridge harbour school library museum market station road
railway farmer teacher doctor minister mayor engineer company factory hospital village
city valley island coast forest garden festival election budget report survey storm
flood harvest season painter writer orchestra theatre stadium team player coach league
match court judge lawyer police officer fire engine ferry airport plane pilot passenger
ticket price wage worker union strike treaty border army navy castle church tower wall
square street house family child student exam university professor research laboratory
vaccine patient nurse clinic energy power plant wind solar grid battery car truck bus
tram cyclist lane tunnel canal lake dam reservoir water supply""")
VERBS = _words("""opened closed built repaired approved rejected announced delayed funded
visited praised criticised expanded reduced launched cancelled inspected measured studied
reported discovered restored replaced designed planned signed defended questioned""")
ADJECTIVES = _words("""new old small large local regional national northern southern
eastern western busy quiet modern historic public private annual early late final first
second""")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEMPLATES = (
    "The {a} {n} {v} the {n} on {d}, and the {n} said that it would help the {n}.",
    "According to the {n}, the {a} {n} {v} a {n} that had been planned for years.",
    "Residents of the {n} have {v} the {a} {n}, which was {v} by the {n} last year.",
    "It is the {a} time that the {n} has {v} a {n} with the {n} of the {n}.",
    "The {n} and the {n} {v} the {a} {n} to the {n} on {d} morning.",
    "Officials {v} that the {n} would be {v} before the {a} {n} of the {n}.",
    "Few expected a {n} to be {v} so soon, yet the {a} {n} did it in {d}'s session.",
    "Nobody at the {n} knew why {a} {n}s {v} every {n} near {n} {d}.",
    "Critics of the {n} argue its {a} {n} {v} more {n}s than any {n} since {d}.",
    "Under pressure from {n} groups, one {a} {n} {v} plans for its {n}.",
    "Why would any {n} want {a} {n}s when {n}s {v} without them?",
    "Supporters point to {n}s in {a} {n}s, where {n}s {v} {n}s quickly.",
)


def sentence(rng: random.Random) -> str:
    text = rng.choice(TEMPLATES)
    while "{" in text:
        text = (text.replace("{n}", rng.choice(NOUNS), 1).replace("{v}", rng.choice(VERBS), 1)
                .replace("{a}", rng.choice(ADJECTIVES), 1).replace("{d}", rng.choice(DAYS), 1))
    return text


def article(rng: random.Random, paragraphs: int = 5, sentences: int = 3) -> list[str]:
    """An article as its paragraphs."""
    return [" ".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs)]


def near_copy(rng: random.Random, paragraphs: list[str], changed: float,
              first_line: str | None = None, reorder: bool = False) -> list[str]:
    """A copy with `changed` of its words replaced, maybe another first line, maybe its
    paragraphs in another order."""
    out = []
    for paragraph in paragraphs:
        words = paragraph.split()
        for i in range(len(words)):
            if rng.random() < changed:
                words[i] = rng.choice(NOUNS)
        out.append(" ".join(words))
    if reorder:
        rng.shuffle(out)
    return ([first_line] if first_line else []) + out


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def site_pages(rng: random.Random, site: str, pages: int, banner: str, footer: str
               ) -> list[dict[str, Any]]:
    """A site's pages: each its own article between the site's banner and footer."""
    return [{"url": f"https://{site}/news/{n}", "text": text([banner, *article(rng), footer])}
            for n in range(pages)]


def rows(directory: Path) -> list[dict[str, Any]]:
    """The rows of a run's documents/ or rejected/, file by file."""
    return [json.loads(line) for path in sorted(directory.glob("*.jsonl.gz"))
            for line in gzip.decompress(path.read_bytes()).splitlines()]


def run(tmp_path: Path, records: list[dict[str, Any]], pipeline: Any = None, **options: Any
        ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`dechaff.run` over the records as JSON Lines, into a new folder: (documents, rejected)."""
    source = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
    dechaff.run([str(source)], out, pipeline=pipeline, **{"workers": 1, **options})
    return rows(out / "documents"), rows(out / "rejected")
