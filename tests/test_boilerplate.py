"""Site-wide chaff: lines repeated across many pages of one site (boilerplate.py)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import dechaff
from dechaff.boilerplate import SiteBoilerplate, line_key, site_key
from dechaff.dedup import NearDuplicates
from dechaff.pipeline import Pipeline, named

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

SITE = Pipeline(corpus=named([SiteBoilerplate()]))
BANNER = "The Kestrel Bay Gazette is published every weekday by the Harbour Trust for the valley."
FOOTER = "Letters to the editor can be sent to the Gazette's office on Quay Street, Kestrel Bay."


def run(tmp_path: Path, records: list[dict[str, Any]], pipeline: Pipeline = SITE,
        **options: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return corpora.run(tmp_path, records, pipeline, **options)


def removed(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in document["removed"].splitlines()]  # type: ignore[misc]


def test_a_banner_and_footer_on_every_page_of_a_site_are_removed_from_each(
        tmp_path: Path) -> None:
    records = corpora.site_pages(random.Random(1), "gazette.example", 8, BANNER, FOOTER)
    documents, rejected = run(tmp_path, records)
    assert len(documents) == 8 and not rejected
    for document, record in zip(documents, records, strict=True):
        assert BANNER not in document["text"] and FOOTER not in document["text"]
        assert ("site_boilerplate", BANNER) in removed(document)
        article = record["text"].split("\n\n")[1:-1]
        assert document["text"] == "\n\n".join(article)


def test_a_paragraph_a_site_repeats_once_is_left_alone(tmp_path: Path) -> None:
    rng = random.Random(2)
    records = corpora.site_pages(rng, "gazette.example", 10, BANNER, FOOTER)
    quote = "The mayor said the new bridge was the best thing to happen to the town in years."
    for record in records[:2]:
        record["text"] = record["text"].replace(FOOTER, f"{quote}\n\n{FOOTER}")
    documents, _ = run(tmp_path, records)
    assert sum(quote in d["text"] for d in documents) == 2


def test_a_line_is_counted_within_its_site_only(tmp_path: Path) -> None:
    rng = random.Random(3)
    records = [page for n in range(6) for page in
               corpora.site_pages(rng, f"site{n}.example", 1, BANNER, FOOTER)]
    documents, _ = run(tmp_path, records)
    assert all(BANNER in d["text"] for d in documents)


def test_a_page_of_nothing_but_the_sites_lines_is_set_aside(tmp_path: Path) -> None:
    records = corpora.site_pages(random.Random(4), "gazette.example", 5, BANNER, FOOTER)
    records.append({"url": "https://gazette.example/about", "text": f"{BANNER}\n{FOOTER}"})
    documents, rejected = run(tmp_path, records)
    assert len(documents) == 5
    assert [(r["url"], r["reason"], r["step"]) for r in rejected] == [
        ("https://gazette.example/about", "site_boilerplate", "SiteBoilerplate")]


def test_the_lines_removed_can_be_rows_of_rejected(tmp_path: Path) -> None:
    records = corpora.site_pages(random.Random(5), "gazette.example", 4, BANNER, FOOTER)
    documents, rejected = run(tmp_path, records, removed_lines="rejected")
    assert len(documents) == 4
    assert len(rejected) == 8
    assert {(r["reason"], r["text"], r["step"]) for r in rejected} == {
        ("site_boilerplate", BANNER, "lines"), ("site_boilerplate", FOOTER, "lines")}


def test_copies_of_one_article_do_not_make_it_the_sites_boilerplate(tmp_path: Path) -> None:
    rng = random.Random(6)
    records = corpora.site_pages(rng, "gazette.example", 6, BANNER, FOOTER)
    records += [{**records[0], "url": f"https://gazette.example/print/{n}"} for n in range(4)]
    pipeline = Pipeline(corpus=named([NearDuplicates(), SiteBoilerplate()]))
    documents, _ = run(tmp_path, records, pipeline)
    assert len(documents) == 6
    first = records[0]["text"].split("\n\n")[1]
    assert sum(first in d["text"] for d in documents) == 1


def test_site_boilerplate_is_on_by_default_and_a_flag_turns_it_off(tmp_path: Path) -> None:
    records = corpora.site_pages(random.Random(7), "gazette.example", 5, BANNER, FOOTER)
    source = corpora.write_jsonl(tmp_path / "in.jsonl", records)
    dechaff.run([str(source)], tmp_path / "on", workers=1)
    dechaff.run([str(source)], tmp_path / "off", workers=1, site_boilerplate=False)
    on, off = (corpora.rows(tmp_path / name / "documents") for name in ("on", "off"))
    assert on and not any(BANNER in d["text"] for d in on)
    assert off and all(BANNER in d["text"] for d in off)
    stats = json.loads((tmp_path / "on" / "stats.json").read_text())
    assert stats["removed_lines"]["reasons"]["site_boilerplate"] >= 2 * len(on)


def test_sites_are_hosts_without_www_and_lines_ignore_case_and_spacing() -> None:
    assert site_key("https://www.example.org/a") == site_key("http://example.org/b?c")
    assert site_key("https://news.example.org/") != site_key("https://example.org/")
    assert site_key(None) is None and site_key("not a url") is None
    assert line_key("  Subscribe  NOW ") == line_key("subscribe now")


def test_one_and_two_workers_give_the_same_lines_removed(tmp_path: Path) -> None:
    rng = random.Random(8)
    records = [page for n in range(5) for page in
               corpora.site_pages(rng, f"site{n}.example", 3 + 2 * n, f"{BANNER} {n}", FOOTER)]
    one = run(tmp_path, records, shard_bytes=3000)
    assert one == run(tmp_path, records, shard_bytes=3000, workers=2)  # two partitions
    assert not any(FOOTER in d["text"] for d in one[0])
