"""Near and exact duplicates across a run (dedup.py, minhash.py, components.py)."""

from __future__ import annotations

import json
import pickle
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import dechaff
from dechaff.dedup import ExactDuplicates, NearDuplicates, rank
from dechaff.document import Document
from dechaff.minhash import EMPTY, MinHasher
from dechaff.pipeline import Pipeline, Prepare, named

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

# Documents straight from cleaning to the corpus steps: no quality step in between.
NEAR = Pipeline(corpus=named([NearDuplicates()]))


class AsIs(Prepare):
    """A record's text as the document's, whatever it is: what the corpus steps get."""

    def __call__(self, record: Any) -> Document:  # type: ignore[override]
        content = record.content
        return Document(content.decode() if isinstance(content, bytes) else content, url=record.url)


def run(tmp_path: Path, records: list[dict[str, Any]], pipeline: Pipeline = NEAR,
        **options: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return corpora.run(tmp_path, records, pipeline, **options)


def clusters(rng: random.Random, count: int, copies: int) -> list[dict[str, Any]]:
    """`count` articles, each with `copies` near copies: 2-5% of the words changed,
    another first line, half of them with their paragraphs reordered."""
    records = []
    for n in range(count):
        original = corpora.article(rng)
        records.append({"url": f"https://origin.example/{n}", "text": corpora.text(original),
                        "cluster": n})
        for c in range(copies):
            copy = corpora.near_copy(rng, original, rng.uniform(0.02, 0.05),
                                     f"Syndicated by agency number {c} for paper {n}.",
                                     reorder=c % 2 == 1)
            records.append({"url": f"https://mirror{c}.example/{n}",
                            "text": corpora.text(copy), "cluster": n})
    return records


def test_near_copies_are_set_aside_and_name_the_one_document_kept(tmp_path: Path) -> None:
    records = clusters(random.Random(1), count=12, copies=3)
    documents, rejected = run(tmp_path, records)
    assert len(documents) == 12
    kept = {d["id"]: d for d in documents}
    assert {r["reason"] for r in rejected} == {"near_duplicate"}
    assert all(r["duplicate_of"] in kept and r["step"] == "NearDuplicates" for r in rejected)
    cluster_of = {r["url"]: r["cluster"] for r in records}
    for r in rejected:
        assert cluster_of[r["url"]] == cluster_of[kept[r["duplicate_of"]]["url"]]


def test_one_and_two_workers_give_the_same_decisions(tmp_path: Path) -> None:
    records = clusters(random.Random(8), count=10, copies=2)
    one = run(tmp_path, records, shard_bytes=4000)
    two = run(tmp_path, records, shard_bytes=4000, workers=2)
    assert one == two and len(one[0]) == 10
    lonely = clusters(random.Random(9), count=1, copies=1)  # partitions left empty
    assert run(tmp_path, lonely) == run(tmp_path, lonely, workers=3)


def test_the_longest_copy_survives(tmp_path: Path) -> None:
    rng = random.Random(2)
    original = corpora.article(rng)
    longer = [*original, "A seventh paragraph that only this copy has, about the harbour."]
    records = [{"url": "https://a.example/1", "text": corpora.text(original)},
               {"url": "https://b.example/1", "text": corpora.text(longer)}]
    documents, rejected = run(tmp_path, records)
    assert [d["url"] for d in documents] == ["https://b.example/1"]
    assert rejected[0]["duplicate_of"] == documents[0]["id"]


def test_the_survivor_rule_is_longest_then_earliest_date_then_first_in_the_run() -> None:
    longest = rank(Document("x" * 200, date="2021-01-01"))
    earlier = rank(Document("x" * 100, date="2019-05-01"))
    later = rank(Document("x" * 100, date="2020-05-01"))
    undated = rank(Document("x" * 100))
    assert longest < earlier < later < undated


def test_exact_copies_are_duplicates_and_distinct_articles_stay(tmp_path: Path) -> None:
    rng = random.Random(3)
    articles = [corpora.text(corpora.article(rng)) for _ in range(30)]
    records = [{"url": f"https://a.example/{n}", "text": t} for n, t in enumerate(articles)]
    records += [{"url": f"https://b.example/{n}", "text": t} for n, t in enumerate(articles[:5])]
    documents, rejected = run(tmp_path, records)
    assert len(documents) == 30
    assert [r["reason"] for r in rejected] == ["duplicate"] * 5
    first = {d["text"]: d["id"] for d in documents}
    assert all(r["duplicate_of"] == first[r["text"]] for r in rejected)


def test_exact_duplicates_keep_the_first_in_the_run_white_space_aside(tmp_path: Path) -> None:
    records = [{"url": "https://a.example/", "text": "Same  text."},
               {"url": "https://b.example/", "text": "Other text."},
               {"url": "https://c.example/", "text": "Same text.\n"}]
    pipeline = Pipeline(prepare=AsIs(), corpus=named([ExactDuplicates()]))
    documents, rejected = run(tmp_path, records, pipeline)
    assert [d["url"] for d in documents] == ["https://a.example/", "https://b.example/"]
    assert [(r["url"], r["reason"], r["duplicate_of"]) for r in rejected] == [
        ("https://c.example/", "duplicate", documents[0]["id"])]


def test_without_near_duplicates_only_exact_copies_go(tmp_path: Path) -> None:
    records = clusters(random.Random(4), count=4, copies=2)
    records.append({**records[0], "url": "https://exact.example/0"})
    pipeline = Pipeline(corpus=named([NearDuplicates()]))
    documents, rejected = run(tmp_path, records, pipeline=pipeline, near_duplicates=False)
    assert [r["reason"] for r in rejected] == ["duplicate"]
    assert len(documents) == len(records) - 1


def test_near_duplicates_are_on_by_default_and_a_flag_turns_them_off(tmp_path: Path) -> None:
    records = clusters(random.Random(5), count=2, copies=1)
    source = corpora.write_jsonl(tmp_path / "in.jsonl", records)
    on = dechaff.run([str(source)], tmp_path / "on", workers=1)
    off = dechaff.run([str(source)], tmp_path / "off", workers=1, near_duplicates=False)
    assert on.reasons.get("near_duplicate", 0) > 0
    assert "near_duplicate" not in off.reasons
    assert off.documents == on.documents + on.reasons["near_duplicate"]
    timings = json.loads((tmp_path / "on" / "stats.json").read_text())["timings"]
    assert set(timings["corpus_seconds_by_step"]) == {"NearDuplicates", "SiteBoilerplate"}
    assert timings["peak_memory_mb"]["this_process"] > 0


def test_bad_input_gives_the_same_decisions_on_every_run(tmp_path: Path) -> None:
    """No text, one word, 10 MB of one repeated word, identical everything."""
    records = [{"url": "https://x.example/empty", "text": ""},
               {"url": "https://x.example/word", "text": "word"},
               {"url": "https://x.example/word2", "text": "word"},
               {"url": "https://x.example/punct", "text": "... !!! ---"},
               {"url": "https://x.example/big", "text": "tok " * 2_400_000}]
    records += [{"url": "https://x.example/same", "text": "The same text."}] * 20
    pipeline = Pipeline(prepare=AsIs(), corpus=NEAR.corpus)
    first = run(tmp_path, records, pipeline)
    assert first == run(tmp_path, records, pipeline)
    documents, rejected = first
    assert len(documents) + len(rejected) == len(records)
    assert sum(d["text"] == "The same text." for d in documents) == 1
    assert [r["reason"] for r in rejected] == ["duplicate"] * 20  # and one "word"
    assert {d["url"] for d in documents} >= {"https://x.example/big", "https://x.example/empty",
                                            "https://x.example/punct"}


def test_a_signature_estimates_the_jaccard_similarity_of_the_shingles() -> None:
    hasher = MinHasher(shingle_words=1, bands=32, rows=8)
    words = [f"w{n}" for n in range(400)]
    a, b = " ".join(words[:300]), " ".join(words[100:])  # 200 shared of 400: J = 0.5
    agree = (hasher.signature(a) == hasher.signature(b)).mean()
    assert abs(agree - 0.5) < 0.1  # four standard deviations of 256 values


def test_a_text_of_no_word_has_an_empty_signature_and_repeats_cost_nothing() -> None:
    hasher = MinHasher()
    assert (hasher.signature("... !!!") == EMPTY).all()
    assert (hasher.signature("tok " * 2_500_000) == hasher.signature("tok " * 5)).all()
    assert (hasher.signature("Word word WORD") == hasher.signature("word word word")).all()


def test_the_steps_and_the_hasher_survive_pickling() -> None:
    for step in (NearDuplicates(bands=4, rows=3), ExactDuplicates(), MinHasher(rows=2)):
        assert pickle.loads(pickle.dumps(step)) == step
    hasher = pickle.loads(pickle.dumps(MinHasher()))
    assert np.array_equal(hasher.signature("a b c d e f"), MinHasher().signature("a b c d e f"))


def test_wrong_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="shingle_words"):
        NearDuplicates(shingle_words=0)
    with pytest.raises(ValueError, match="min_similarity"):
        NearDuplicates(min_similarity=0)


class Unkeyable(NearDuplicates):
    def key(self, doc: Document) -> str:
        if "poison" in doc.text:
            raise RuntimeError("cannot key this")
        return NearDuplicates.key(self, doc)


def test_a_corpus_step_that_raises_on_one_document_costs_only_that_document(
        tmp_path: Path) -> None:
    records = [{"url": "https://a.example/1", "text": "Some text here."},
               {"url": "https://a.example/2", "text": "A poison text."}]
    pipeline = Pipeline(prepare=AsIs(), corpus=named([Unkeyable()]))
    documents, rejected = run(tmp_path, records, pipeline)
    assert [d["url"] for d in documents] == ["https://a.example/1"]
    assert [(r["reason"], r["step"]) for r in rejected] == [("crashed", "crashed")]
    assert "cannot key this" in rejected[0]["detail"]


def test_a_fingerprint_reads_white_space_the_same_in_short_and_long_texts() -> None:
    from dechaff import dedup

    text = "one\u00a0two\tthree\n\n four\u2003five\x1c six\u3000"
    assert dedup.fingerprint(text) == dedup.fingerprint("one two three four five six")
    every_space = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    assert dedup._SPACES.sub(" ", f"a{every_space}b").strip() == " ".join(
        f"a{every_space}b".split())
