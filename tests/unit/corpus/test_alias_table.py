"""The omissions alias table: read once, every bad line named."""

from __future__ import annotations

import pytest

from analysis.corpus import read_alias_table
from analysis.errors import CorpusError


def test_an_alias_table_keeps_several_aliases_of_one_item(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "item,alias\nOpenAI , 开放人工智能\nOpenAI,the ChatGPT maker\n", encoding="utf-8"
    )
    table = read_alias_table(path)
    assert list(zip(table["item"], table["alias"], strict=True)) == [
        ("OpenAI", "开放人工智能"),
        ("OpenAI", "the ChatGPT maker"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,alias\nOpenAI,x\n", "item"),
        ("item,alias\nOpenAI,\n", "line 2, field 'alias': empty value"),
        (None, "no such alias table"),
    ],
)
def test_a_bad_alias_table_names_the_file_the_line_and_the_field(tmp_path, content, expected):
    path = tmp_path / "aliases.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_alias_table(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)
