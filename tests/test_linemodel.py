"""The page-level measures the line model reads: the page's profile and the words each line
shares with the page's core."""

from dechaff import linemodel
from dechaff.dates import find_date_in_text
from dechaff.lineshape import analyse

PARAGRAPH = ("The harbour authority said on Monday that the new ferry terminal would open in "
             "spring, after two years of work on the quay and the waiting hall.")
ARTICLE = "\n\n".join([
    "Harbour ferry terminal opens in spring",
    PARAGRAPH,
    ("Engineers rebuilt the quay of the ferry terminal with stone from the old harbour "
     "wall, which the authority had kept since the storm of the last winter."),
    ("The ferry company will run six crossings a day from the terminal, twice as many as "
     "before the work on the harbour started two years ago."),
    "More news",
    "Mayor opens a bakery museum downtown",
])


def measures(text: str) -> linemodel.Measures:
    return linemodel.measures(analyse(text, find_date_in_text))


def test_a_heading_that_repeats_the_article_s_words_shares_more_than_another_story_s() -> None:
    lines = analyse(ARTICLE, find_date_in_text)
    m = linemodel.measures(lines)
    codes = dict(zip(m.texts, linemodel._shared_codes(m.texts, m.core).tolist(), strict=True))
    assert codes["Harbour ferry terminal opens in spring"] > codes[
        "Mayor opens a bakery museum downtown"]


def test_a_line_of_function_words_alone_has_a_code_of_its_own() -> None:
    m = measures(f"{PARAGRAPH}\n\nand the of\n\n{PARAGRAPH}")
    assert linemodel._shared_codes(m.texts, m.core).tolist()[1] == linemodel._SHARED_BINS


def test_an_article_page_and_a_list_of_links_have_different_profiles() -> None:
    links = "\n".join(f"Story number {i} about the city" for i in range(40))
    assert measures(ARTICLE).profile != measures(links).profile
