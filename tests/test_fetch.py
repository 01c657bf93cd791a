import pickle
from collections.abc import Iterator

import pytest

from dechaff import Reason, Rejection
from dechaff.fetch import USER_AGENT, Fetched, Fetcher, fetch
from local_http import Route, closed_port, serving

ARTICLE = (
    "<html><head><title>Harbour news</title></head><body><article><p>The harbour opened a"
    " new pier on Monday. Fishing boats can now unload at low tide. The town paid for it"
    " over ten years.</p></article></body></html>"
)
ROUTES = {
    "/page": Route(body=ARTICLE.encode()),
    "/latin1": Route(body="<p>Un café crème.</p>".encode("latin-1"),
                     content_type="text/html; charset=ISO-8859-1"),
    "/no-charset": Route(body=b"<p>plain</p>", content_type="text/html"),
    "/redirect": Route(status=302, location="/hop"),
    "/hop": Route(status=301, location="/page"),
    "/loop": Route(status=302, location="/loop"),
    "/slow": Route(body=b"<p>late</p>", delay_s=1.0),
    "/big": Route(body=b"<p>" + b"x" * 300_000 + b"</p>", chunks=30),
    "/gone": Route(status=404),
    "/broken": Route(status=500),
    "/image": Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    "/agent": Route(echo_user_agent=True, content_type="text/plain"),
}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serving(ROUTES) as url:
        yield url


def test_a_page_is_fetched_with_its_status_and_final_address(base: str) -> None:
    result = fetch(f"{base}/page")
    assert isinstance(result, Fetched)
    assert result.status == 200
    assert result.page.content == ARTICLE.encode()
    assert result.page.url == f"{base}/page"
    assert not result.truncated


def test_the_charset_comes_from_the_content_type_header(base: str) -> None:
    result = fetch(f"{base}/latin1")
    assert isinstance(result, Fetched)
    assert result.page.charset is not None
    assert result.page.charset.lower() == "iso-8859-1"


def test_a_header_without_charset_leaves_the_charset_to_decoding(base: str) -> None:
    result = fetch(f"{base}/no-charset")
    assert isinstance(result, Fetched)
    assert result.page.charset is None


def test_redirects_are_followed_and_the_page_keeps_the_final_address(base: str) -> None:
    result = fetch(f"{base}/redirect")
    assert isinstance(result, Fetched)
    assert result.page.url == f"{base}/page"
    assert result.page.content == ARTICLE.encode()


def test_a_redirect_loop_is_a_rejection_not_an_exception(base: str) -> None:
    result = Fetcher(max_redirects=3)(f"{base}/loop")
    assert isinstance(result, Rejection)
    assert result.reason is Reason.UNREADABLE
    assert "too many redirects" in result.detail


def test_a_silent_server_times_out_as_a_rejection(base: str) -> None:
    result = Fetcher(read_timeout_s=0.1)(f"{base}/slow")
    assert isinstance(result, Rejection)
    assert result.reason is Reason.UNREADABLE
    assert "timed out" in result.detail


def test_a_body_past_the_size_cap_is_cut_and_marked_truncated(base: str) -> None:
    result = Fetcher(max_bytes=100_000)(f"{base}/big")
    assert isinstance(result, Fetched)
    assert result.truncated
    assert len(result.page.content) == 100_000


def test_a_body_under_the_size_cap_is_whole(base: str) -> None:
    result = Fetcher(max_bytes=1_000_000)(f"{base}/big")
    assert isinstance(result, Fetched)
    assert not result.truncated
    assert len(result.page.content) == 300_007


@pytest.mark.parametrize(("path", "status"), [("/gone", 404), ("/broken", 500)])
def test_an_http_error_status_is_a_rejection_naming_the_status(
    base: str, path: str, status: int
) -> None:
    result = fetch(base + path)
    assert isinstance(result, Rejection)
    assert result.reason is Reason.UNREADABLE
    assert result.detail.startswith(f"HTTP {status}")
    assert result.url == base + path


def test_a_refused_connection_is_a_rejection() -> None:
    url = f"http://127.0.0.1:{closed_port()}/page"
    result = fetch(url)
    assert isinstance(result, Rejection)
    assert result.reason is Reason.UNREADABLE
    assert result.detail.startswith("cannot connect")
    assert result.url == url


@pytest.mark.parametrize("url", ["http://", "ftp://example.org/file", "not a url"])
def test_an_unusable_address_is_a_rejection(url: str) -> None:
    result = fetch(url)
    assert isinstance(result, Rejection)
    assert result.reason is Reason.UNREADABLE


def test_an_image_is_rejected_from_its_headers(base: str) -> None:
    result = fetch(f"{base}/image")
    assert isinstance(result, Rejection)
    assert result.reason is Reason.NOT_HTML
    assert "image/png" in result.detail


def test_requests_name_dechaff_as_the_user_agent(base: str) -> None:
    result = fetch(f"{base}/agent")
    assert isinstance(result, Fetched)
    assert result.page.content == USER_AGENT.encode()
    assert USER_AGENT.startswith("dechaff/")


def test_a_fetcher_and_what_it_fetched_survive_pickling(base: str) -> None:
    fetcher = Fetcher(read_timeout_s=5.0)
    result = fetcher(f"{base}/page")
    assert pickle.loads(pickle.dumps(fetcher)) == fetcher
    assert pickle.loads(pickle.dumps(result)) == result
