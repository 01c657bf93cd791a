"""Site-wide chaff: a site's banner and footer removed from its pages, its articles intact.

A WET file is generated from real articles (the article text of ../shared/bench, as in
benchmarks/near_duplicates.py): sites of 3 to 60 pages, each page one article between
the site's banner (two lines) and footer (two lines), with three of the site's twenty
"related" headlines after the article. On one page in ten, a paragraph of another page of
the same site is quoted once (a legitimate repeat). `dechaff run` reads it with its
default pipeline (clean(), the quality steps, near-duplicates, site boilerplate), again
without the site step, and with the site step alone on the text as given (no clean(), no
other step), same run. Scored on the documents kept:

    banner and footer gone   pages with none of the site's four lines left
    articles intact          pages with every line of their article (and the quote) left;
                             also against the lines clean() kept without the site step
    quotes kept              of the paragraphs repeated once, those still on both pages

    python benchmarks/site_boilerplate.py [--sites 24] [--seed 7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import dechaff
from dechaff.boilerplate import SiteBoilerplate
from dechaff.pipeline import Pipeline, named

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import near_duplicates
import warcs

BANNERS = ("{name}: independent news for the {place} since {year}.",
           ("You are reading the free edition of {name}. Subscribers get the print edition "
           "delivered every morning."),
           ("Missing or incomplete installation of the jReject library! Please follow the "
           "instructions from README.txt to get it."),
           "{name} is published every weekday by the {place} Media Trust.")
FOOTERS = (("Copyright {year} {name}. All rights reserved. Reproduction without permission "
           "is prohibited."),
           "{name} Ltd, registered in the {place}, company number {number}.",
           "Letters to the editor can be sent to the {name} office on Quay Street, {place}.",
           "The views expressed in comments are those of their authors, not of {name}.")
PLACES = ("valley", "coast", "harbour district", "northern hills", "river towns", "islands")


def site_lines(rng: random.Random, n: int) -> tuple[list[str], list[str], list[str]]:
    """A site's banner, footer and pool of related headlines."""
    values = {"name": f"The {rng.choice(('Daily', 'Weekly', 'Evening'))} Courier {n}",
              "place": rng.choice(PLACES), "year": rng.randint(1850, 2020),
              "number": rng.randint(10**7, 10**8)}
    banner = [t.format(**values) for t in rng.sample(BANNERS, 2)]
    footer = [t.format(**values) for t in rng.sample(FOOTERS, 2)]
    related = [f"{values['name']}: {near_duplicates.corpora.sentence(rng)}" for _ in range(20)]
    return banner, footer, related


def make(path: Path, sites: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    articles = near_duplicates.distinct(near_duplicates.articles())
    rng.shuffle(articles)
    pages: list[dict[str, Any]] = []
    for n in range(sites):
        banner, footer, related = site_lines(rng, n)
        for p in range(rng.randint(3, 60)):
            if not articles:
                break
            lines = [line for line in articles.pop().split("\n") if line.strip()]
            pages.append({"url": f"https://site{n}.example/article/{p}", "site": n,
                          "banner": banner, "footer": footer, "article": lines,
                          "related": rng.sample(related, 3), "quote": None})
    for page in pages:
        others = [o for o in pages if o["site"] == page["site"] and o is not page]
        if others and rng.random() < 0.1:
            page["quote"] = max(rng.choice(others)["article"], key=len)
    records = []
    for seq, page in enumerate(pages):
        body = [*page["article"], *([page["quote"]] if page["quote"] else [])]
        text = "\n".join([*page["banner"], *body, *page["related"], *page["footer"]])
        records.append(warcs.conversion(page["url"], text, seq))
    warcs.write(path, records)
    return pages


def documents(folder: Path) -> dict[str, str]:
    found = {}
    for path in (folder / "documents").glob("*.jsonl.gz"):
        for line in gzip.decompress(path.read_bytes()).splitlines():
            row = json.loads(line)
            found[row["url"]] = row["text"]
    return found


def lines_of(text: str) -> set[str]:
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}


def score(pages: list[dict[str, Any]], kept: dict[str, str], without: dict[str, str]
          ) -> dict[str, float]:
    chaff_gone = intact = relative = 0
    scored = [p for p in pages if p["url"] in kept]
    for page in scored:
        have = lines_of(kept[page["url"]])
        chaff = {" ".join(line.split()) for line in page["banner"] + page["footer"]}
        article = {" ".join(line.split()) for line in page["article"]}
        if page["quote"]:
            article.add(" ".join(page["quote"].split()))
        chaff_gone += not chaff & have
        intact += article <= have
        relative += (article & lines_of(without.get(page["url"], ""))) <= have
    quoted = [p for p in scored if p["quote"]]
    quotes = sum(" ".join(p["quote"].split()) in lines_of(kept[p["url"]]) for p in quoted)
    return {"pages": len(scored), "chaff_gone": chaff_gone / len(scored),
            "intact": intact / len(scored), "intact_relative": relative / len(scored),
            "quotes_kept": quotes / max(1, len(quoted)), "quotes": len(quoted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wet = Path(folder) / "sites.warc.wet.gz"
        pages = make(wet, args.sites, args.seed)
        print(f"dechaff {dechaff.__version__}; {len(pages)} pages of {args.sites} sites "
              f"({wet.stat().st_size:,} bytes of WET)")
        results = {}
        alone = Pipeline(prepare=near_duplicates.AsGiven(),
                         corpus=named([SiteBoilerplate()]))
        for name, options in (("with the site step", {}),
                              ("without it", {"site_boilerplate": False}),
                              ("the site step alone", {"pipeline": alone})):
            started = time.perf_counter()
            summary = dechaff.run([str(wet)], Path(folder) / name, workers=1, **options)
            results[name] = documents(Path(folder) / name)
            print(f"{name}: {summary.documents} documents, {summary.rejected} set aside "
                  f"{summary.reasons} in {time.perf_counter() - started:.1f} s")
        for name, kept in results.items():
            s = score(pages, kept, results["without it"])
            print(f"{name:20s} banner and footer gone {s['chaff_gone']:.3f}, articles intact "
                  f"{s['intact']:.3f} ({s['intact_relative']:.3f} of what clean() kept), "
                  f"quotes repeated once kept {s['quotes_kept']:.3f} of {s['quotes']}, "
                  f"{s['pages']} pages")


if __name__ == "__main__":
    main()
