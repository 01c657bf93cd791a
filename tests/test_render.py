import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dechaff
from dechaff import Block, ConfigError, Document, Kind, Link, Reason, Rejection
from dechaff.render import Renderer, to_dict, to_json, to_markdown, to_text

PARAGRAPH = ("The harbour opened a new pier on Monday. Fishing boats can now unload at low "
             "tide. The town paid for it over ten years.")


def doc(*blocks: Block, **meta: Any) -> Document:
    return Document(text="\n\n".join(b.text for b in blocks), blocks=blocks, **meta)


def md(*blocks: Block, **options: bool) -> str:
    return to_markdown(doc(*blocks), front_matter=False, **options)


# -- text ---------------------------------------------------------------------------------
def test_text_separates_paragraphs_by_blank_lines_and_list_items_by_line_breaks() -> None:
    d = doc(Block(Kind.HEADING, "Pier", level=2), Block(Kind.PARAGRAPH, "One."),
            Block(Kind.ITEM, "a"), Block(Kind.ITEM, "b", level=1), Block(Kind.PARAGRAPH, "Two."))
    assert to_text(d) == "Pier\n\nOne.\n\na\nb\n\nTwo."


def test_text_writes_tables_as_rows_of_cells_and_leaves_out_images() -> None:
    d = doc(Block(Kind.TABLE, "", rows=(("Year", "Boats"), ("2023", "41"))),
            Block(Kind.IMAGE, "a pier", src="pier.jpg"), Block(Kind.CAPTION, "The pier."))
    assert to_text(d) == "Year | Boats\n2023 | 41\n\nThe pier."


def test_text_of_a_document_without_blocks_is_its_text() -> None:
    assert to_text(Document(text="Just text.")) == "Just text."


# -- Markdown blocks ----------------------------------------------------------------------
def test_markdown_headings_have_one_hash_per_level() -> None:
    out = md(Block(Kind.HEADING, "Top", level=1), Block(Kind.HEADING, "Deep", level=6),
             Block(Kind.HEADING, "Deeper", level=9))
    assert out == "# Top\n\n###### Deep\n\n###### Deeper"


def test_markdown_heading_ending_in_a_hash_keeps_it() -> None:
    assert md(Block(Kind.HEADING, "Learning C#", level=2)) == "## Learning C\\#"


def test_markdown_bullets_and_numbers_nest_under_their_parents_content() -> None:
    out = md(Block(Kind.ITEM, "fruit"), Block(Kind.ITEM, "apple", level=1, number=1),
             Block(Kind.ITEM, "pear", level=1, number=2),
             Block(Kind.ITEM, "williams", level=2), Block(Kind.ITEM, "bread"))
    assert out == "- fruit\n  1. apple\n  2. pear\n     - williams\n- bread"


def test_markdown_nesting_follows_the_marker_width_of_long_numbers() -> None:
    out = md(Block(Kind.ITEM, "tenth", number=10), Block(Kind.ITEM, "inside", level=1))
    assert out == "10. tenth\n    - inside"


def test_markdown_list_that_starts_deep_is_not_read_as_code() -> None:
    out = md(Block(Kind.PARAGRAPH, "Intro."), Block(Kind.ITEM, "nested only", level=3))
    assert out == "Intro.\n\n- nested only"


def test_markdown_tables_have_a_header_row_escaped_pipes_and_even_rows() -> None:
    out = md(Block(Kind.TABLE, "", rows=(("Command", "Meaning"), ("a | b", "pipe"), ("alone",))))
    assert out.split("\n") == [
        "| Command | Meaning |",
        "| --- | --- |",
        "| a \\| b | pipe |",
        "| alone |  |",
    ]


def test_markdown_quotes_mark_every_line() -> None:
    assert md(Block(Kind.QUOTE, "First line\nsecond line")) == "> First line\\\n> second line"


def test_markdown_code_fence_is_longer_than_any_backtick_run_inside() -> None:
    code = "print('```')\n````"
    out = md(Block(Kind.CODE, code))
    assert out == f"`````\n{code}\n`````"


def test_markdown_code_is_not_escaped() -> None:
    assert md(Block(Kind.CODE, "a_b = *c")) == "```\na_b = *c\n```"


def test_markdown_captions_are_italic() -> None:
    assert md(Block(Kind.CAPTION, "The new pier at dawn.")) == "*The new pier at dawn.*"


def test_markdown_line_breaks_inside_a_paragraph_are_hard_breaks() -> None:
    assert md(Block(Kind.PARAGRAPH, "12 Quay Street\nPortsoy")) == "12 Quay Street\\\nPortsoy"


def test_markdown_of_a_document_without_blocks_is_its_escaped_paragraphs() -> None:
    d = Document(text="First *one*.\n\n\n\n- second\nline")
    assert to_markdown(d) == "First \\*one\\*.\n\n\\- second\\\nline"


# -- Markdown escaping --------------------------------------------------------------------
def test_markdown_escapes_characters_that_would_become_markup() -> None:
    out = md(Block(Kind.PARAGRAPH, "Use *stars*, `ticks`, [brackets], <b>tags</b> and &amp;."))
    assert out == "Use \\*stars\\*, \\`ticks\\`, \\[brackets\\], \\<b>tags\\</b> and \\&amp;."


def test_markdown_leaves_plain_punctuation_and_intraword_underscores_alone() -> None:
    text = "snake_case names, 3 < 4, fish & chips, 50% off! (really)"
    assert md(Block(Kind.PARAGRAPH, text)) == text


def test_markdown_escapes_underscores_that_could_make_emphasis() -> None:
    assert md(Block(Kind.PARAGRAPH, "_init_ and __main__")) == "\\_init\\_ and \\_\\_main\\_\\_"


@pytest.mark.parametrize(("text", "expected"), [
    ("1. Not a list", "1\\. Not a list"),
    ("2024) was a year", "2024\\) was a year"),
    ("- not a bullet", "\\- not a bullet"),
    ("+ not a bullet", "\\+ not a bullet"),
    ("# not a heading", "\\# not a heading"),
    ("> not a quote", "\\> not a quote"),
    ("===", "\\==="),
    ("1.5 litres", "1.5 litres"),
])
def test_markdown_escapes_a_line_start_that_would_change_the_block(text: str,
                                                                    expected: str) -> None:
    assert md(Block(Kind.PARAGRAPH, text)) == expected


def test_markdown_escapes_line_starts_inside_list_items() -> None:
    assert md(Block(Kind.ITEM, "1. First")) == "- 1\\. First"


# -- Markdown links and images ------------------------------------------------------------
LINKED = Block(Kind.PARAGRAPH, "Read the harbour report today.",
               links=(Link(9, 23, "/reports/2024"),))


def test_markdown_links_are_left_out_unless_asked() -> None:
    assert md(LINKED) == "Read the harbour report today."


def test_markdown_links_are_written_over_their_text() -> None:
    assert md(LINKED, links=True) == "Read the [harbour report](/reports/2024) today."


def test_markdown_links_resolve_against_the_document_address() -> None:
    d = doc(LINKED, url="https://news.example/harbour/pier.html")
    out = to_markdown(d, links=True, front_matter=False)
    assert out == "Read the [harbour report](https://news.example/reports/2024) today."


def test_markdown_link_text_leaves_surrounding_spaces_outside_the_brackets() -> None:
    block = Block(Kind.PARAGRAPH, "Read the report now.", links=(Link(8, 16, "/r"),))
    assert md(block, links=True) == "Read the [report](/r) now."


def test_markdown_link_addresses_with_spaces_or_parentheses_are_bracketed() -> None:
    block = Block(Kind.PARAGRAPH, "See this.", links=(Link(4, 8, "/a b (c)"),))
    assert md(block, links=True) == "See [this](</a b (c)>)."


def test_markdown_link_text_is_escaped() -> None:
    block = Block(Kind.PARAGRAPH, "See [1]", links=(Link(4, 7, "#n1x"),))
    assert md(block, links=True) == "See [\\[1\\]](#n1x)"


def test_markdown_ignores_links_outside_the_text_or_overlapping() -> None:
    block = Block(Kind.PARAGRAPH, "abc def",
                  links=(Link(0, 3, "/a"), Link(2, 5, "/overlap"), Link(5, 99, "/past")))
    assert md(block, links=True) == "[abc](/a) def"


def test_markdown_images_only_when_asked() -> None:
    image = Block(Kind.IMAGE, "The [new] pier", src="img/pier.jpg")
    assert md(image) == ""
    assert md(image, images=True) == "![The \\[new\\] pier](img/pier.jpg)"


# -- front matter -------------------------------------------------------------------------
def test_front_matter_holds_the_metadata_as_quoted_strings() -> None:
    d = doc(Block(Kind.PARAGRAPH, "Body."), title='Pier: "at last"', date="2024-03-01",
            author="Ann Lee", language="en", url="https://news.example/p")
    lines = to_markdown(d).split("\n")
    assert lines[0] == lines[6] == "---"
    fields = dict(line.split(": ", 1) for line in lines[1:6])
    assert list(fields) == ["title", "author", "date", "language", "url"]
    assert json.loads(fields["title"]) == 'Pier: "at last"'  # YAML double quotes, JSON syntax
    assert fields["date"] == '"2024-03-01"'
    assert lines[7:] == ["", "Body."]


def test_front_matter_escapes_what_yaml_reads_as_line_breaks() -> None:
    d = doc(Block(Kind.PARAGRAPH, "Body."), title="one\u2028two\nthree\x85")
    first = to_markdown(d).split("\n")[1]
    assert first == 'title: "one\\u2028two\\nthree\\u0085"'


def test_front_matter_is_absent_without_metadata_or_when_turned_off() -> None:
    assert to_markdown(doc(Block(Kind.PARAGRAPH, "Body."))) == "Body."
    d = doc(Block(Kind.PARAGRAPH, "Body."), title="T")
    assert to_markdown(d, front_matter=False) == "Body."


# -- JSON ---------------------------------------------------------------------------------
def test_json_keeps_non_ascii_characters_as_they_are() -> None:
    out = to_json(doc(Block(Kind.PARAGRAPH, "Un café, s\u2019il vous plaît.")))
    assert "Un café, s\u2019il vous plaît." in out
    assert "\n" not in out


def test_json_has_stable_keys_for_the_document_and_each_kind_of_block() -> None:
    d = doc(Block(Kind.HEADING, "H", level=2), Block(Kind.ITEM, "i", level=1, number=3),
            Block(Kind.PARAGRAPH, "p x", links=(Link(2, 3, "/x"),)),
            Block(Kind.TABLE, "a", rows=(("a",),)), Block(Kind.IMAGE, "alt", src="i.png"),
            title="T")
    data = to_dict(d)
    assert list(data) == ["url", "title", "author", "date", "date_modified", "language",
                          "language_confidence", "site_name", "description", "page_type",
                          "page_type_confidence", "text", "blocks", "removed", "comments"]
    assert data["blocks"] == [
        {"kind": "heading", "text": "H", "level": 2},
        {"kind": "item", "text": "i", "level": 1, "number": 3},
        {"kind": "paragraph", "text": "p x", "links": [{"start": 2, "end": 3, "href": "/x"}]},
        {"kind": "table", "text": "a", "rows": [["a"]]},
        {"kind": "image", "text": "alt", "src": "i.png"},
    ]
    assert json.loads(to_json(d)) == data


def test_json_records_the_source_first_when_given() -> None:
    data = json.loads(to_json(doc(Block(Kind.PARAGRAPH, "p")), source="pages/a.html"))
    assert next(iter(data.items())) == ("source", "pages/a.html")


def test_a_rejection_as_data_names_its_reason() -> None:
    rejection = Rejection(Reason.NO_ARTICLE, "nothing reads as prose", "https://x.example/")
    assert to_dict(rejection) == {"url": "https://x.example/", "rejected": "no_article",
                                  "detail": "nothing reads as prose"}
    assert json.loads(to_json(rejection))["rejected"] == "no_article"


# -- the renderer and real pages ----------------------------------------------------------
def test_renderer_picks_the_format_and_survives_pickling() -> None:
    d = doc(Block(Kind.PARAGRAPH, "p"), title="T")
    renderer = Renderer("markdown", front_matter=False)
    assert pickle.loads(pickle.dumps(renderer)) == renderer
    assert renderer(d) == "p"
    assert json.loads(Renderer("json")(d, "a.html"))["source"] == "a.html"
    assert Renderer()(d) == "p"


def test_renderer_refuses_an_unknown_format() -> None:
    with pytest.raises(ConfigError):
        Renderer("pdf")


def test_an_extracted_article_renders_its_paragraph_in_every_format() -> None:
    html = (f"<html><head><title>Pier</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><p>{PARAGRAPH}</p></article></body></html>")
    result = dechaff.extract(html, url="https://news.example/pier")
    assert isinstance(result, Document)
    assert PARAGRAPH in to_text(result)
    assert PARAGRAPH in to_markdown(result)
    assert PARAGRAPH in json.loads(to_json(result))["text"]


LINKS = st.lists(st.builds(Link, st.integers(-2, 40), st.integers(-2, 40), st.text(max_size=20)),
                 max_size=3).map(tuple)
ROWS = st.lists(st.lists(st.text(max_size=10), max_size=3).map(tuple), max_size=3).map(tuple)
BLOCKS = st.builds(Block, kind=st.sampled_from(Kind), text=st.text(max_size=40),
                   level=st.integers(0, 8), number=st.integers(0, 12), links=LINKS, rows=ROWS,
                   src=st.none() | st.text(max_size=20))


@given(st.lists(BLOCKS, max_size=8), st.none() | st.text(max_size=30),
       st.none() | st.text(max_size=30))
def test_any_document_renders_in_every_format(blocks: list[Block], url: str | None,
                                              title: str | None) -> None:
    d = Document(text="t", blocks=tuple(blocks), url=url, title=title)
    assert isinstance(to_text(d), str)
    markdown = to_markdown(d, links=True, images=True)
    if title:
        assert json.loads(markdown.split("\n")[1].removeprefix("title: ")) == title
    assert json.loads(to_json(d))["blocks"] == to_dict(d)["blocks"]


# -- comments -----------------------------------------------------------------------------
COMMENT = Block(Kind.PARAGRAPH, "Good to see the pier open at last, after all those years.")


def test_comments_follow_the_article_under_a_heading_in_text_and_markdown_and_apart_in_json(
        ) -> None:
    with_comments = doc(Block(Kind.PARAGRAPH, PARAGRAPH), comments=(COMMENT,))
    assert to_text(with_comments) == f"{PARAGRAPH}\n\nComments:\n\n{COMMENT.text}"
    assert to_markdown(with_comments, front_matter=False) == (
        f"{PARAGRAPH}\n\n## Comments\n\n{COMMENT.text}")
    data = to_dict(with_comments)
    assert data["text"] == PARAGRAPH
    assert data["comments"] == [{"kind": "paragraph", "text": COMMENT.text}]
    without = doc(Block(Kind.PARAGRAPH, PARAGRAPH))
    assert to_text(without) == PARAGRAPH and to_dict(without)["comments"] == []
