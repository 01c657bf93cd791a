import gzip
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dechaff.cli import main
from local_http import Route, closed_port, serving

SENTENCES = ("came back to the valley on Tuesday after a dry spell of six weeks. Farmers "
             "said the fields needed it badly. The river rose by a metre overnight.")


def page(subject: str) -> str:
    """A small news page: navigation, an article of one clear paragraph and a list, a footer."""
    return (f"<html><head><title>{subject} in the valley</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{subject} in the valley</h1><p>The {subject.lower()} {SENTENCES}</p>"
            "<ul><li>Wells refilled</li><li>Crops saved</li></ul></article>"
            "<footer>Copyright 2024 The Courier</footer></body></html>")


def paragraph(subject: str) -> str:
    return f"The {subject.lower()} {SENTENCES}"


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder of pages: two at the top, one in a subfolder, one gzipped, one not a page."""
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    (root / "rain.html").write_text(page("Rain"))
    (root / "snow.htm").write_text(page("Snow"))
    (root / "sub" / "hail.html").write_text(page("Hail"))
    (root / "sub" / "fog.html.gz").write_bytes(gzip.compress(page("Fog").encode()))
    (root / "notes.txt").write_text("not a web page")
    (root / ".hidden.html").write_text(page("Hidden"))
    return root


# -- one input ----------------------------------------------------------------------------
def test_one_file_prints_its_article_as_text(pages: Path) -> None:
    result = invoke("extract", str(pages / "rain.html"))
    assert result.exit_code == 0, result.output
    assert paragraph("Rain") in result.stdout
    assert result.stderr == ""


def test_a_dash_reads_the_page_from_standard_input() -> None:
    result = invoke("extract", "-", stdin=page("Rain").encode())
    assert result.exit_code == 0, result.output
    assert paragraph("Rain") in result.stdout


def test_the_url_option_gives_a_file_its_address() -> None:
    result = invoke("extract", "-", "--format", "json", "--url", "https://news.example/rain",
                    stdin=page("Rain").encode())
    assert json.loads(result.stdout)["url"] == "https://news.example/rain"


def test_comments_come_only_when_asked_for() -> None:
    reply = "I was there when the river rose, and the water reached our door by midnight."
    html = page("Rain").replace("<footer>", '<div id="comments"><div class="comment">'
                                f"<p>{reply}</p></div></div><footer>")
    assert reply not in invoke("extract", "-", stdin=html.encode()).stdout
    result = invoke("extract", "-", "--comments", "-f", "json", stdin=html.encode())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["text"] for c in data["comments"]] == [reply]
    assert reply not in data["text"]


def test_markdown_opens_with_front_matter(pages: Path) -> None:
    result = invoke("extract", str(pages / "rain.html"), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('---\ntitle: "Rain in the valley"\nlanguage: "en"\n---\n\n')
    assert paragraph("Rain") in result.stdout


def test_json_of_one_input_is_one_line_with_its_source(pages: Path) -> None:
    result = invoke("extract", str(pages / "rain.html"), "-f", "json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["source"] == str(pages / "rain.html")
    assert record["title"] == "Rain in the valley"
    assert paragraph("Rain") in record["text"]


def test_a_gzipped_page_is_read(pages: Path) -> None:
    result = invoke("extract", str(pages / "sub" / "fog.html.gz"))
    assert result.exit_code == 0, result.output
    assert paragraph("Fog") in result.stdout


# -- many inputs --------------------------------------------------------------------------
def test_a_directory_is_walked_and_its_pages_run_in_parallel_as_json_lines(pages: Path) -> None:
    result = invoke("extract", str(pages), "--format", "json", "--workers", "2")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]).relative_to(pages).as_posix() for r in records] == [
        "rain.html", "snow.htm", "sub/fog.html.gz", "sub/hail.html"]
    for record in records:
        subject = Path(record["source"]).name.split(".")[0].capitalize()
        assert paragraph(subject) in record["text"]
    assert "4 inputs: 4 documents, 0 rejected" in result.stderr


def test_many_small_pages_run_in_one_process_and_large_inputs_in_more(tmp_path: Path) -> None:
    from dechaff.cli import BYTES_PER_WORKER, _workers
    from dechaff.sources import resolve

    for i in range(2000):
        (tmp_path / f"p{i}.html").write_text(page(f"Rain {i}"))
    assert _workers(None, resolve([str(tmp_path)], None)) == 1
    with open(tmp_path / "huge.html", "wb") as sparse:
        sparse.truncate(3 * BYTES_PER_WORKER)
    assert _workers(None, resolve([str(tmp_path)], None)) == min(os.cpu_count() or 1, 3)
    assert _workers(4, resolve([str(tmp_path)], None)) == 4


def test_one_worker_and_two_workers_print_the_same(pages: Path) -> None:
    one = invoke("extract", str(pages), "-w", "1", "-f", "markdown")
    two = invoke("extract", str(pages), "-w", "2", "-f", "markdown")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_text_documents_on_stdout_are_separated_by_a_page_break_not_a_blank_line(
        pages: Path) -> None:
    rain = invoke("extract", str(pages / "rain.html")).stdout
    snow = invoke("extract", str(pages / "snow.htm")).stdout
    both = invoke("extract", str(pages / "rain.html"), str(pages / "snow.htm")).stdout
    assert both == rain + "\f\n" + snow
    assert both.split("\f\n") == [rain, snow]


def test_comments_in_text_come_after_a_line_that_says_so() -> None:
    reply = "I was there when the river rose, and the water reached our door by midnight."
    html = page("Rain").replace("<footer>", '<div id="comments"><div class="comment">'
                                f"<p>{reply}</p></div></div><footer>")
    result = invoke("extract", "-", "--comments", stdin=html.encode())
    assert f"\n\nComments:\n\n{reply}" in result.stdout


def test_output_directory_gets_one_file_per_input_named_after_it(pages: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("extract", str(pages), "-f", "markdown", "-o", str(out), "-w", "2")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["rain.md", "snow.md", "sub/fog.md", "sub/hail.md"]
    assert paragraph("Hail") in (out / "sub" / "hail.md").read_text()
    assert result.stdout == ""


def test_json_files_in_an_output_directory_are_indented(pages: Path, tmp_path: Path) -> None:
    invoke("extract", str(pages / "rain.html"), "-f", "json", "-o", str(tmp_path / "out"))
    text = (tmp_path / "out" / "rain.json").read_text()
    assert text.startswith('{\n  "source"')
    assert json.loads(text)["title"] == "Rain in the valley"


def test_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for folder, subject in (("a", "Rain"), ("b", "Snow")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(page(subject))
    out = tmp_path / "out"
    result = invoke("extract", str(tmp_path / "a" / "index.html"),
                    str(tmp_path / "b" / "index.html"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert paragraph("Rain") in (out / "index.txt").read_text()
    assert paragraph("Snow") in (out / "index-2.txt").read_text()


def test_no_temporary_file_is_left_in_the_output_directory(pages: Path, tmp_path: Path) -> None:
    invoke("extract", str(pages), "-o", str(tmp_path / "out"))
    assert not [p for p in (tmp_path / "out").rglob(".*")]


# -- bad pages ----------------------------------------------------------------------------
def test_a_broken_page_among_good_ones_exits_1_and_the_others_are_written(
    pages: Path, tmp_path: Path
) -> None:
    (pages / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (pages / "empty.html").write_bytes(b"")
    out = tmp_path / "out"
    result = invoke("extract", str(pages), "-o", str(out), "-w", "2")
    assert result.exit_code == 1
    assert (out / "rain.txt").exists()
    assert (out / "sub" / "fog.txt").exists()
    assert not (out / "broken.txt").exists()
    assert f"dechaff: {pages / 'broken.html'}: not_html" in result.stderr
    assert f"dechaff: {pages / 'empty.html'}: empty" in result.stderr
    assert "6 inputs: 4 documents, 2 rejected" in result.stderr


def test_a_page_that_cannot_be_read_is_reported_and_the_rest_go_on(pages: Path) -> None:
    (pages / "dangling.html").symlink_to(pages / "nowhere.html")
    (pages / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    result = invoke("extract", str(pages), "-f", "json")
    assert result.exit_code == 1
    assert f"{pages / 'dangling.html'}: unreadable" in result.stderr
    assert f"{pages / 'corrupt.html.gz'}: unreadable" in result.stderr
    assert len(result.stdout.splitlines()) == 4


# -- URLs ---------------------------------------------------------------------------------
@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    routes = {"/rain": Route(body=page("Rain").encode()), "/old": Route(status=301,
                                                                         location="/rain"),
              "/trickle": Route(body=page("Rain").encode(), chunks=100, chunk_delay_s=0.5),
              "/silent": Route(body=b"<p>late</p>", delay_s=3)}
    with serving(routes) as base:
        yield base


def test_a_url_is_fetched_and_its_article_printed(site: str) -> None:
    result = invoke("extract", f"{site}/old", "-f", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"] == f"{site}/old"
    assert record["url"] == f"{site}/rain"
    assert paragraph("Rain") in record["text"]


def test_a_url_that_fails_is_reported_and_the_other_inputs_go_on(site: str,
                                                                  pages: Path) -> None:
    refused = f"http://127.0.0.1:{closed_port()}/"
    result = invoke("extract", f"{site}/missing", refused, str(pages / "rain.html"))
    assert result.exit_code == 1
    assert f"dechaff: {site}/missing: unreadable: HTTP 404" in result.stderr
    assert f"dechaff: {refused}: unreadable: cannot connect" in result.stderr
    assert paragraph("Rain") in result.stdout


def test_the_timeout_bounds_a_download_that_trickles(site: str) -> None:
    start = time.monotonic()
    result = invoke("extract", f"{site}/trickle", "--timeout", "1")  # 50 s of trickle
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    assert f"{site}/trickle: unreadable: timed out" in result.stderr


def test_a_silent_server_is_reported_as_timed_out_once(site: str) -> None:
    result = invoke("extract", f"{site}/silent", "--timeout", "0.5")
    assert result.exit_code == 1
    assert "timed out" in result.stderr
    assert "timed out: timed out" not in result.stderr


def test_url_pages_are_written_under_names_made_from_their_address(site: str,
                                                                     tmp_path: Path) -> None:
    result = invoke("extract", f"{site}/rain", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["127.0.0.1_rain.txt"]


# -- errors that stop the run -------------------------------------------------------------
def one_line_error(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dechaff: error: ")
    return lines[0]


def test_a_missing_input_exits_3_with_one_line(tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nope.html"))
    assert result.exit_code == 3
    assert "nope.html: no such file or directory" in one_line_error(result)


def test_a_directory_without_pages_exits_3(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no pages here")
    result = invoke("extract", str(tmp_path))
    assert result.exit_code == 3
    one_line_error(result)


def test_an_output_that_is_a_file_exits_4(pages: Path) -> None:
    result = invoke("extract", str(pages / "snow.htm"), "-o", str(pages / "rain.html"))
    assert result.exit_code == 4
    one_line_error(result)


@pytest.mark.parametrize("url", ["http://[::1", "http://a]b/", "http://", "https:///path"])
def test_an_address_that_cannot_be_one_exits_2_with_one_line(url: str) -> None:
    result = invoke("extract", url)
    assert result.exit_code == 2, result.output
    assert "invalid address" in one_line_error(result)


def test_a_named_file_that_cannot_be_read_exits_3(tmp_path: Path) -> None:
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(page("Rain").encode())[:40])
    result = invoke("extract", str(tmp_path / "cut.html.gz"))
    assert result.exit_code == 3
    assert "cut.html.gz: unreadable" in result.stderr


def test_a_fifo_in_a_directory_is_reported_not_waited_for(pages: Path) -> None:
    os.mkfifo(pages / "pipe.html")
    done = subprocess.run([sys.executable, "-m", "dechaff", "extract", str(pages)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert f"{pages / 'pipe.html'}: unreadable: not a regular file" in done.stderr
    assert paragraph("Rain") in done.stdout


def test_a_pipe_named_on_the_command_line_is_read() -> None:
    done = subprocess.run(["bash", "-c", f'{sys.executable} -m dechaff extract <(cat)'],
                          input=page("Rain"), capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert paragraph("Rain") in done.stdout


def children(pid: int) -> set[int]:
    """The processes `pid` started that are still alive (Linux /proc)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return set()
    return {int(child) for child in listed}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_term_of_a_parallel_run_leaves_no_process_behind(tmp_path: Path) -> None:
    for i in range(600):
        (tmp_path / f"p{i}.html").write_text(page(f"Rain {i}"))
    run = subprocess.Popen([sys.executable, "-m", "dechaff", "extract", str(tmp_path), "-w", "2",
                            "-o", str(tmp_path / "out")], stderr=subprocess.PIPE, text=True)
    started: set[int] = set()
    give_up = time.monotonic() + 60
    while len(started) < 2 and run.poll() is None and time.monotonic() < give_up:
        started |= children(run.pid)  # two workers (spawned: and a resource tracker)
        time.sleep(0.05)
    assert len(started) >= 2, "the run ended before its workers started"
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 143
    assert "dechaff: error: terminated" in stderr
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in started if alive(pid)]


def test_an_output_that_cannot_be_created_exits_4(pages: Path) -> None:
    blocker = pages / "rain.html"  # a file where the output folder should be
    result = invoke("extract", str(pages / "snow.htm"), "-o", str(blocker / "out"))
    assert result.exit_code == 4
    assert "cannot create directory" in one_line_error(result)


@pytest.mark.parametrize("args", [
    ["extract", "--frobnicate", "x.html"],
    ["extract", "x.html", "--format", "pdf"],
    ["extract", "x.html", "--workers", "0"],
    ["extract"],
    ["extract", "x.html", "--links"],
    ["extract", "a.html", "b.html", "--url", "https://x.example/"],
    ["transmogrify"],
])
def test_a_usage_error_exits_2_with_one_line(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    one_line_error(result)


def test_an_unknown_option_names_the_help_to_read() -> None:
    line = one_line_error(invoke("extract", "--frobnicate"))
    assert "--frobnicate" in line
    assert "--help" in line


def test_help_documents_the_exit_codes() -> None:
    result = invoke("extract", "--help")
    assert result.exit_code == 0
    for code in "01234":
        assert f"  {code}  " in result.stdout


def test_python_m_dechaff_is_the_same_command() -> None:
    done = subprocess.run([sys.executable, "-m", "dechaff", "extract", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    for words in ("PATH|URL|-", "--workers", "--output", "Exit status:"):
        assert words in done.stdout


def test_importing_the_command_leaves_the_heavy_parts_unloaded() -> None:
    code = ("import sys, dechaff.cli; "
            "print(sorted({'httpx', 'tqdm', 'multiprocessing'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_one_file_through_the_command_loads_no_process_pool_nor_http(pages: Path) -> None:
    code = ("import sys; from dechaff.cli import main; sys.argv = ['dechaff', 'extract', "
            f"{str(pages / 'rain.html')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('multiprocessing', 'concurrent.futures.process', 'httpx', 'numpy')\n"
            "print(sorted(m for m in heavy if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().endswith("[]"), done.stdout


# -- clean --------------------------------------------------------------------------------
needs_lines = pytest.mark.skipif(importlib.util.find_spec("dechaff.lines") is None,
                                 reason="dechaff.lines has not landed")
FLAT = ("Home\nNews\nSport\n"
        f"{paragraph('Rain')}\n"
        "Share on Facebook\nCopyright 2024 The Courier\n")


@needs_lines
def test_clean_keeps_the_article_lines_of_flattened_text() -> None:
    result = invoke("clean", "-", stdin=FLAT.encode())
    assert result.exit_code == 0, result.output
    assert paragraph("Rain") in result.stdout
    assert "Share on Facebook" not in result.stdout


@needs_lines
def test_clean_writes_json_with_what_it_removed(tmp_path: Path) -> None:
    (tmp_path / "flat.txt").write_text(FLAT)
    result = invoke("clean", str(tmp_path / "flat.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert paragraph("Rain") in record["text"]
    assert record["removed"]


@needs_lines
@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
                                  gzip.compress(FLAT.encode()), bytes(range(32)) * 50])
def test_clean_rejects_binary_input_as_not_text(data: bytes) -> None:
    result = invoke("clean", "-", stdin=data)
    assert result.exit_code == 1
    assert "-: not_text: binary content" in result.stderr
    assert result.stdout == ""


@needs_lines
def test_clean_says_an_html_page_is_for_extract() -> None:
    result = invoke("clean", "-", stdin=page("Rain").encode())
    assert result.exit_code == 1
    assert "not_text: an HTML page: use `dechaff extract`" in result.stderr


@needs_lines
def test_clean_keeps_text_that_mentions_a_tag_or_two() -> None:
    text = FLAT + "Use the <p> tag for paragraphs and <br> for breaks, the guide says.\n"
    assert invoke("clean", "-", stdin=text.encode()).exit_code == 0


@needs_lines
def test_clean_of_nothing_exits_1_with_the_reason() -> None:
    result = invoke("clean", "-", stdin=b"")
    assert result.exit_code == 1
    assert result.stderr.startswith("dechaff: -: ")


def test_clean_of_a_missing_file_exits_3(tmp_path: Path) -> None:
    result = invoke("clean", str(tmp_path / "nope.txt"))
    assert result.exit_code == 3
    one_line_error(result)


def test_a_progress_bar_can_be_asked_for_and_reports_stay_readable(pages: Path) -> None:
    (pages / "broken.html").write_bytes(b"%PDF-1.7")
    result = invoke("extract", str(pages), "--progress", "-f", "json")
    assert result.exit_code == 1
    assert "5/5" in result.stderr
    lines = result.stderr.replace("\r", "\n").splitlines()
    assert any(line.startswith(f"dechaff: {pages / 'broken.html'}: not_html") for line in lines)
