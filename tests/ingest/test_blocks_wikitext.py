"""Markup to blocks: wikitext (fan-wiki pages, pasted infoboxes) is markup like Markdown's."""

from __future__ import annotations

from bot.ingest.blocks import PARAGRAPH, read_markup


def test_wiki_links_keep_their_text_and_category_links_vanish() -> None:
    text = "Starring [[Odile Brack]] and [[Tomas Venn (actor)|Tomas Venn]].\n\n[[Category:2011 films]]\n"
    markup = read_markup(text)
    assert len(markup.plain) == len(text)
    assert "[[" not in markup.plain and "]]" not in markup.plain and "|" not in markup.plain
    assert markup.plain.split() == ["Starring", "Odile", "Brack", "and", "Tomas", "Venn", "."]


def test_wiki_quote_runs_and_template_braces_are_blanked() -> None:
    text = "''Main article: [[Salt Harbour]]''\n\n{{Infobox film\n| name = Salt Harbour\n| director = Ines Moll\n}}\n"
    plain = read_markup(text).plain
    assert "''" not in plain and "{{" not in plain and "}}" not in plain
    assert "Infobox" not in plain
    assert "| director = Ines Moll" in plain  # the parameter lines are the credits stage's to read


def test_a_fenced_infobox_is_text_but_fenced_code_stays_blank() -> None:
    infobox = "```\n{{Infobox film\n| name = Salt Harbour\n| director = Ines Moll\n}}\n```\n"
    code = "```\nx = 1\n| a = b\n```\n"
    markup = read_markup(infobox + "\n" + code)
    assert "Ines Moll" in markup.plain
    assert "```" not in markup.plain
    assert "x = 1" not in markup.plain  # real code is never read
    assert any(block.kind == PARAGRAPH for block in markup.blocks)


def test_a_dotted_leader_line_is_no_heading() -> None:
    from bot.ingest.blocks import HEADING, build_layout

    text = "Lantern Bay\n\nPLAYERS\nPiet .......... Tomas Venn\nMarta ......... Odile Brack\n"
    kinds = [line.kind for line in build_layout(text).lines]
    assert kinds[1] == HEADING and HEADING not in kinds[2:]


def test_the_line_right_under_a_heading_is_its_text() -> None:
    from bot.ingest.blocks import HEADING, PROSE, build_layout

    text = "Lantern Bay\n\n## Cast\nOdile Brack as Marta\nTomas Venn as Piet\n"
    lines = build_layout(text).lines
    assert [line.kind for line in lines[1:]] == [HEADING, PROSE, PROSE]
    assert lines[2].heading == "cast"


def test_html_entities_for_spaces_and_ampersands_are_blanked() -> None:
    text = "Director:&nbsp;Ines Moll\nMusic: Wren Abara &amp; Pilar Ostrow\n"
    plain = read_markup(text).plain
    assert len(plain) == len(text)
    assert plain.split() == ["Director:", "Ines", "Moll", "Music:", "Wren", "Abara", "&", "Pilar", "Ostrow"]
