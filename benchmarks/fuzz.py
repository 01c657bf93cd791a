"""Fuzz dechaff: mutated benchmark pages and random bytes through extract(), clean() and the
command line; count what escapes (an exception, a traceback, an exit status that is not
0 or 1) and what runs past the time budget plus one second.

    python benchmarks/fuzz.py [--inputs 100000] [--shards 2] [--seed 14]

Every input is made here from ../shared/bench pages (article-extraction, readability-pages,
modern-web) or from the random generator; the hostile-page generators of the tests
(tests/hostile_pages.py) are among the mutations. Prints a JSON summary (BENCHMARKS.md,
"Hostile input", has the run).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bench_pages import BENCH, bench_pages  # noqa: E402
from hostile_pages import HOSTILE  # noqa: E402

# The budget each extraction gets, and what past it counts as a hang (the target).
BUDGET_S = 5.0
HANG_S = BUDGET_S + 1.0
# Every this many inputs also go through the command line in this process (CliRunner) ...
CLI_EVERY = 10
# ... and every this many in a real `python -m dechaff` process.
SUBPROCESS_EVERY = 1000
PROGRESS_EVERY = 5000
# A Python-level guard, so that a hang is counted instead of stopping the run.
ALARM_S = 120
SNIPPETS = ["<div>", "</div>", "<p>", "</p>", "<a href='x'>", "</a>", "<script>", "</script>",
            "<!--", "-->", "<table><tr><td>", "<b>", "<i>", "<svg>", "<math>", "<template>",
            "<select>", "<textarea>", "<plaintext>", '<meta charset="rot13">',
            '<meta charset="utf-16">', '<script type="application/ld+json">{"@type":',
            "<article>", "<body class='x'>", "<html lang='fr'>", "&amp;", "&#0;", "&#xD800;",
            "\x00", "\ufffd", "<", ">", '"', "'", "=", "<title>", "<time datetime='2020-",
            '<div class="comments">', "<br/>", "<img src=", "<!DOCTYPE html>", "]]>", "<![CDATA["]


def load_pages() -> list[bytes]:
    pages = [html.encode("utf-8") for _, html in bench_pages()]
    pages += [gzip.decompress(p.read_bytes())
              for p in sorted((BENCH / "modern-web" / "html").glob("*.html.gz"))]
    return pages


# -- mutations: each takes the page's bytes and the random generator ----------------------
def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def insert_snippets(data: bytes, rng: random.Random) -> bytes:
    out = data
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(SNIPPETS).encode("utf-8", "surrogatepass") + out[at:]
    return out


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_slices(data: bytes, rng: random.Random) -> bytes:
    out = data
    for _ in range(rng.randint(1, 10)):
        if out:
            at = rng.randrange(len(out))
            out = out[:at] + out[at + rng.randint(1, 5000):]
    return out


def repeat_slice(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    piece = data[at: at + rng.randint(1, 2000)]
    return data[:at] + piece * rng.randint(2, 200) + data[at:]


def recode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["latin-1", "cp1251", "utf-16", "utf-16-le", "shift_jis", "gb18030",
                        "koi8-r", "utf-32"])
    return text.encode(codec, "replace")


def relabel(data: bytes, rng: random.Random) -> bytes:
    label = rng.choice(["rot13", "base64", "zlib", "idna", "punycode", "undefined", "utf-16",
                        "x-user-defined", "iso-2022-kr", "a\x00", "cp775", "hz-gb-2312"])
    return f'<meta charset="{label}">'.encode("latin-1", "replace") + data


_last_hostile = [""]  # which hostile page add_hostile chose last, for the input's name


def add_hostile(data: bytes, rng: random.Random) -> bytes:
    name = rng.choice(sorted(HOSTILE))
    _last_hostile[0] = name
    body = HOSTILE[name](rng.randint(10, 3000)).encode("utf-8", "surrogatepass")
    at = rng.randrange(len(data) + 1)
    return data[:at] + body + data[at:]


def splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_bytes, insert_snippets, truncate, delete_slices, repeat_slice, recode, relabel,
    add_hostile]


def random_bytes(rng: random.Random) -> bytes:
    kind = rng.random()
    size = rng.choice([0, 1, 10, 100, 1000, 4000, 20000])
    if kind < 0.4:
        return rng.randbytes(size)
    alphabet = "<>/=\"' abcdefghijklmnop!-&#;\n\t\x00\u00e9\u4e00\U0001f600pdivaspan"
    return "".join(rng.choice(alphabet) for _ in range(size)).encode("utf-8", "surrogatepass")


def inputs(pages: list[bytes], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    rng = random.Random(seed)
    for _ in range(count):
        if rng.random() < 0.5:
            data = rng.choice(pages)
            names = []
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.1:
                    data = splice(data, rng, rng.choice(pages))
                    names.append("splice")
                else:
                    mutation = rng.choice(MUTATIONS)
                    data = mutation(data, rng)
                    names.append(mutation.__name__ if mutation is not add_hostile
                                 else f"add_hostile:{_last_hostile[0]}")
            yield "+".join(names), data
        else:
            yield "random_bytes", random_bytes(rng)


# -- running ------------------------------------------------------------------------------
class Alarm(BaseException):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Alarm


def timed(fn: Callable[[], object]) -> tuple[float, str | None]:
    """Seconds `fn` took and the exception that escaped it, if one did."""
    start = time.monotonic()
    signal.alarm(ALARM_S)
    try:
        fn()
    except Alarm:
        return time.monotonic() - start, "hang (alarm)"
    except Exception as error:  # noqa: BLE001 -- an escape is what we count
        return time.monotonic() - start, f"{type(error).__name__}: {error}"[:300]
    finally:
        signal.alarm(0)
    return time.monotonic() - start, None


def check_cli(runner: object, main: object, data: bytes) -> str | None:
    """Why the in-process command line misbehaved on `data`, or None."""
    for args in (["extract", "-"], ["extract", "-", "-f", "json", "--comments"],
                 ["clean", "-"]):
        result = runner.invoke(main, args, input=data)  # type: ignore[attr-defined]
        if result.exit_code not in (0, 1) or (
                result.exception is not None and not isinstance(result.exception, SystemExit)):
            return f"{args}: exit {result.exit_code} {result.exception!r}"[:300]
    return None


def check_subprocess(data: bytes) -> str | None:
    with tempfile.NamedTemporaryFile(suffix=".html") as page:
        page.write(data)
        page.flush()
        try:
            done = subprocess.run([sys.executable, "-m", "dechaff", "extract", page.name],
                                  capture_output=True, timeout=BUDGET_S + 60, check=False)
        except subprocess.TimeoutExpired:
            return "subprocess: hang"
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        return f"subprocess: exit {done.returncode} {done.stderr[-300:]!r}"
    return None


def shard(args: tuple[int, int, int]) -> dict[str, object]:
    index, count, seed = args
    from click.testing import CliRunner

    import dechaff
    from dechaff.cli import main

    signal.signal(signal.SIGALRM, _alarm)
    extract = dechaff.Extractor(timeout_s=BUDGET_S)
    runner = CliRunner()
    pages = load_pages()
    counts: Counter[str] = Counter()
    problems: list[str] = []
    slowest: list[tuple[float, str]] = []
    for n, (name, data) in enumerate(inputs(pages, count, seed * 1000 + index)):
        name = f"{name} (shard {index}, input {n})"
        if n % PROGRESS_EVERY == 0:
            print(f"shard {index}: {n} inputs", file=sys.stderr, flush=True)
        took, error = timed(lambda d=data: extract(dechaff.Page(d)))  # type: ignore[misc]
        text = data.decode("utf-8", "replace")
        took_clean, clean_error = timed(lambda t=text: dechaff.clean(t))  # type: ignore[misc]
        counts["inputs"] += 1
        counts["extract"] += 1
        counts["clean"] += 1
        for what, seconds, err in (("extract", took, error), ("clean", took_clean, clean_error)):
            if err is not None:
                counts[f"{what}_escapes"] += 1
                problems.append(f"{what} {name}: {err}")
            if seconds > HANG_S:
                counts[f"{what}_hangs"] += 1
                problems.append(f"{what} {name}: {seconds:.1f} s")
        slowest = sorted([*slowest, (took, name)], reverse=True)[:5]
        if n % CLI_EVERY == 0:
            counts["cli"] += 1
            why = check_cli(runner, main, data)
            if why is not None:
                counts["cli_escapes"] += 1
                problems.append(f"cli {name}: {why}")
        if n % SUBPROCESS_EVERY == 0:
            counts["subprocess"] += 1
            why = check_subprocess(data)
            if why is not None:
                counts["subprocess_escapes"] += 1
                problems.append(f"subprocess {name}: {why}")
    return {"counts": dict(counts), "problems": problems, "slowest": slowest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args()
    start = time.monotonic()
    per = -(-options.inputs // options.shards)
    with ProcessPoolExecutor(options.shards) as pool:
        results = list(pool.map(shard, [(i, per, options.seed) for i in range(options.shards)]))
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result["counts"])  # type: ignore[arg-type]
    import selectolax

    import dechaff

    summary = {
        "dechaff": dechaff.__version__, "selectolax": selectolax.__version__,
        "python": sys.version.split()[0], "command": " ".join(sys.argv),
        "seconds": round(time.monotonic() - start),
        "counts": dict(sorted(counts.items())),
        "problems": [p for r in results for p in r["problems"]][:50],  # type: ignore[attr-defined]
        "slowest_extract": sorted((s for r in results for s in r["slowest"]),  # type: ignore[attr-defined]
                                  reverse=True)[:5],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
