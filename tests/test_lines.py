# ruff: noqa: RUF001  (notices in Cyrillic and CJK look like Latin punctuation)
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dechaff import lexicon
from dechaff.document import Document, Reason, Rejection
from dechaff.lines import REASONS, Cleaner, clean

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "seed" / "crawled-page.txt"

ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate about the "
    "cost of public transport and the repair of old school buildings in the north.\n\n"
    "Members of the opposition said that the plan would raise taxes for families, while "
    "the mayor argued that the investment was overdue and would pay for itself in time.\n\n"
    "The vote was close, and several members asked for a review of the spending next year "
    "once the first results of the new transport lines are known to the public."
)
PARAGRAPHS = ARTICLE.split("\n\n")


def page(*before: str, after: tuple[str, ...] = ()) -> str:
    return "\n".join([*before, "", ARTICLE, "", *after])


def removed(doc: Document | Rejection) -> dict[str, str]:
    assert isinstance(doc, Document)
    return {r.text: r.reason for r in doc.removed}


def test_a_drupal_library_error_banner_is_removed_as_a_cms_message() -> None:
    text = page("Error message", "",
                "Missing or incomplete installation of the Colorbox library! Please follow the "
                "instructions from README.txt to get it.")
    doc = clean(text)
    assert isinstance(doc, Document)
    assert removed(doc)["Error message"] == "cms_message"
    assert doc.text == ARTICLE


@pytest.mark.parametrize("notice", [
    "Warning: Undefined variable $post in /var/www/html/wp-content/themes/x/single.php on line 12",
    "Error establishing a database connection",
    "Fehlermeldung",
    "Message d'erreur",
    "Mensaje de error",
    "Сообщение об ошибке",
])
def test_cms_and_server_messages_are_removed(notice: str) -> None:
    doc = clean(page(notice))
    assert removed(doc)[notice] == "cms_message"


@pytest.mark.parametrize("notice", [
    "You are using an outdated browser. Please upgrade your browser to improve your experience.",
    "Your browser is out of date. Update it via browser-update.org for more security.",
    "JavaScript is disabled in your browser. Please enable JavaScript to use this site.",
    "Ihr Browser ist veraltet. Bitte aktualisieren Sie Ihren Browser.",
    "Votre navigateur n'est plus supporté, mettez à jour votre navigateur.",
    "Tu navegador está desactualizado.",
    "Il tuo browser non è aggiornato.",
    "O seu navegador está desatualizado.",
    "Uw browser is verouderd.",
    "Ваш браузер устарел. Обновите браузер.",
    "Twoja przeglądarka jest przestarzała.",
    "Tarayıcınız güncel değil.",
    "您的浏览器版本过低，请升级浏览器。",
    "お使いのブラウザは古いです。",
])
def test_browser_notices_are_removed_in_many_languages(notice: str) -> None:
    doc = clean(page(notice))
    assert removed(doc)[notice] == "browser_notice"
    assert isinstance(doc, Document) and doc.text == ARTICLE


@pytest.mark.parametrize("notice", [
    ("This website uses cookies to ensure you get the best experience. By continuing to browse "
    "you agree to our use of cookies."),
    "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.",
    "Nous utilisons des cookies pour améliorer votre expérience.",
    "Utilizamos cookies propias y de terceros.",
    "Questo sito utilizza cookie tecnici e di profilazione.",
    "Deze website maakt gebruik van cookies.",
    "Ta strona używa plików cookies.",
    "Sitemizde çerezler kullanılmaktadır.",
    "本网站使用cookie以改善体验。",
    "当サイトではクッキーを使用しています。",
])
def test_cookie_notices_are_removed_in_many_languages(notice: str) -> None:
    assert removed(clean(page(notice)))[notice] == "cookie_notice"


def test_a_date_line_becomes_the_document_date() -> None:
    doc = clean(page("26 February 2020"))
    assert isinstance(doc, Document)
    assert doc.date == "2020-02-26"
    assert removed(doc)["26 February 2020"] == "date_line"


def test_a_byline_becomes_the_author() -> None:
    doc = clean(page("By Jane Doe", "3 March 2021"))
    assert isinstance(doc, Document)
    assert doc.author == "Jane Doe"
    assert doc.date == "2021-03-03"


@pytest.mark.parametrize(("byline", "author"), [
    ("Von Anna Müller", "Anna Müller"),
    ("Par Jean Dupont", "Jean Dupont"),
    ("Автор: Иван Петров", "Иван Петров"),
    ("Door Jan de Vries", "Jan de Vries"),
])
def test_bylines_are_read_in_several_languages(byline: str, author: str) -> None:
    assert lexicon.byline_name(byline) == author


def test_share_prompts_navigation_and_footers_around_an_article_are_removed() -> None:
    menu = ("Home", "News", "Sport", "Business", "Culture", "Search")
    footer = ("Share on Facebook", "Share on Twitter", "Related articles",
              "© 2020 Example Media. All rights reserved.", "Privacy Policy", "Terms of Use")
    doc = clean(page(*menu, after=footer))
    assert isinstance(doc, Document)
    assert doc.text == ARTICLE
    reasons = removed(doc)
    assert reasons["Share on Facebook"] == "share_prompt"
    assert reasons["Related articles"] == "related_links"
    assert reasons["Privacy Policy"] == "legal_footer"


def test_an_article_in_german_keeps_its_paragraphs_and_loses_its_chaff() -> None:
    article = (
        "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt "
        "beschlossen, der vor allem Geld für Busse und für die Sanierung alter Schulen "
        "vorsieht.\n\n"
        "Die Opposition kritisierte, dass die Pläne die Familien mit höheren Abgaben belasten "
        "würden, während der Bürgermeister die Investitionen für längst überfällig hielt.\n\n"
        "Die Abstimmung fiel knapp aus, und mehrere Mitglieder verlangten, dass die Ausgaben im "
        "nächsten Jahr überprüft werden, sobald die ersten Ergebnisse der neuen Buslinien "
        "bekannt sind.")
    text = "\n".join(["Startseite", "Politik", "Wirtschaft", "Suche", "", article, "",
                      "Artikel teilen", "Das könnte Sie auch interessieren", "Impressum",
                      "Datenschutz"])
    doc = clean(text)
    assert isinstance(doc, Document)
    assert doc.text == article
    assert removed(doc)["Impressum"] == "legal_footer"
    assert doc.language == "de"
    assert doc.language_confidence is not None and 0.5 < doc.language_confidence <= 1.0


def test_every_removed_line_has_a_reason_from_the_closed_set() -> None:
    doc = clean(page("Home", "Menu", "Error message", "26 February 2020", after=("Share",)))
    assert isinstance(doc, Document)
    assert doc.removed
    assert {r.reason for r in doc.removed} <= REASONS


def test_kept_and_removed_lines_account_for_every_line() -> None:
    text = page("Home", "Menu", "Error message", after=("Share", "Privacy Policy"))
    doc = clean(text)
    assert isinstance(doc, Document)
    lines = [line for line in text.splitlines() if line.strip()]
    kept = [line for line in doc.text.splitlines() if line.strip()]
    assert sorted(kept + [r.text for r in doc.removed]) == sorted(lines)


def test_paragraphs_are_separated_by_blank_lines() -> None:
    doc = clean(page("Home"))
    assert isinstance(doc, Document)
    assert doc.text.split("\n\n") == PARAGRAPHS
    assert [b.text for b in doc.blocks] == PARAGRAPHS


def test_windows_line_endings_give_the_same_document() -> None:
    text = page("Home", "Error message", "26 February 2020")
    assert clean(text.replace("\n", "\r\n")) == clean(text)


def test_text_without_line_breaks_is_kept_as_one_paragraph() -> None:
    text = ARTICLE.replace("\n\n", " ")
    doc = clean(text)
    assert isinstance(doc, Document)
    assert doc.text == text


def test_mixed_scripts_in_one_text_are_cleaned() -> None:
    chinese = ("市议会周二在经过长时间的辩论后批准了新的预算，其中大部分资金将用于公共交通和"
               "修缮北部地区的旧学校建筑。反对派表示该计划将增加家庭的税收负担。")
    doc = clean(page("首页", "登录", "分享到微博", after=(chinese, "版权所有 © 2020")))
    assert isinstance(doc, Document)
    assert chinese in doc.text
    assert "首页" not in doc.text
    assert removed(doc)["版权所有 © 2020"] == "legal_footer"


def test_the_url_is_kept_on_the_document_and_the_rejection() -> None:
    url = "https://example.org/news/1"
    doc = clean(ARTICLE, url)
    assert isinstance(doc, Document) and doc.url == url
    rejection = clean("", url)
    assert isinstance(rejection, Rejection) and rejection.url == url


@pytest.mark.parametrize("text", ["", " ", "\n\n\r\n\t\n", "\x00\x01\x02"])
def test_text_with_nothing_in_it_is_rejected_with_no_text(text: str) -> None:
    rejection = clean(text)
    assert isinstance(rejection, Rejection)
    assert rejection.reason is Reason.NO_TEXT
    assert not rejection


def test_text_that_is_all_chaff_is_rejected_with_no_text() -> None:
    rejection = clean("Home\nMenu\nSearch\nShare on Facebook\nPrivacy Policy\nError message")
    assert isinstance(rejection, Rejection)
    assert rejection.reason is Reason.NO_TEXT


def test_bytes_are_refused_as_a_bug_in_the_caller() -> None:
    with pytest.raises(TypeError, match="decode"):
        clean(b"bytes are decoded before clean()")  # type: ignore[arg-type]


def test_a_single_ten_megabyte_line_gives_a_document() -> None:
    line = ("word " * 2_000_000).strip()
    doc = clean(line)
    assert isinstance(doc, Document)
    assert len(doc.text) == len(line)


def test_binary_garbage_decoded_as_text_gives_a_document_or_a_rejection() -> None:
    garbage = bytes(range(256)) * 4000 + b"\xff\xfe\x00\x00" * 1000
    for encoding in ("latin-1", "utf-8", "utf-16-le"):
        result = clean(garbage.decode(encoding, errors="replace"))
        assert isinstance(result, Document | Rejection)


def test_text_beyond_the_size_cap_is_cut() -> None:
    doc = Cleaner(max_chars=1_000)(ARTICLE * 10)
    assert isinstance(doc, Document)
    assert len(doc.text) <= 1_000


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_gives_a_document_or_a_rejection(text: str) -> None:
    assert isinstance(clean(text), Document | Rejection)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["Home", "Share", "26 February 2020", "By Jane Doe",
                                 "Error message", "", PARAGRAPHS[0], PARAGRAPHS[1], "© 2020"]),
                max_size=30))
def test_any_mix_of_chaff_and_prose_gives_a_document_or_a_rejection(lines: list[str]) -> None:
    result = clean("\n".join(lines))
    assert isinstance(result, Document | Rejection)
    if isinstance(result, Document):
        assert {r.reason for r in result.removed} <= REASONS


def test_the_cleaner_survives_pickling() -> None:
    cleaner = Cleaner(threshold_shift=0.5)
    assert pickle.loads(pickle.dumps(cleaner)) == cleaner


def test_importing_the_cleaner_compiles_no_pattern_and_imports_no_numpy() -> None:
    code = ("import sys, dechaff.lines, dechaff.lexicon; "
            "assert dechaff.lexicon.cues.cache_info().currsize == 0; "
            "assert 'numpy' not in sys.modules and 'dechaff.linemodel' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_the_seed_page_loses_its_banner_and_keeps_its_article_and_date() -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = clean(text)
    assert isinstance(doc, Document)
    reasons = removed(doc)
    assert reasons["Error message"] == "cms_message"
    banner = next(line for line in text.splitlines() if "jReject" in line)
    assert reasons[banner] == "cms_message"
    assert doc.date == "2020-02-26"
    assert doc.language == "en"
    article = [p.strip() for p in text.split("\n\n") if len(p.split()) > 50]
    assert doc.text.split("\n\n") == article
    assert len(article) == 4
