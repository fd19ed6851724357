"""What a published document is (formats/published/kind.py): a report with tables, a 决算 narrative
without readable tables, a performance self-evaluation on its own, or refused with a true message."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from juesuan.formats.published.kind import NARRATIVE, PERFORMANCE, TABLES, decide, refusal_message, toc_tables
from juesuan.formats.published.text import parse_text, read_text

NARRATIVE_TEXT = """某县审计局2023年度部门决算
目录
第一部分 部门概况
第二部分 2023年度部门决算表
一、收入支出决算总表
二、收入决算表
第三部分 2023年度部门决算情况说明
第一部分 部门概况
一、部门职责
负责全县审计工作。
"""


def test_a_narrative_with_its_toc():
    k = decide(parse_text(NARRATIVE_TEXT))
    assert k.kind == NARRATIVE and k.toc_tables == ["收入支出决算总表", "收入决算表"]


def test_a_narrative_page_without_title_by_its_sentences():
    text = "[第3页]\n2020年本年收入合计3765.66万元，其中：一般公共预算财政拨款收入1008.64万元。\n收入决算结构图\n"
    assert decide(parse_text(text)).kind == NARRATIVE


def test_tables_read_make_a_report_with_tables():
    assert decide(parse_text(NARRATIVE_TEXT), ["T01"]).kind == TABLES


@pytest.mark.parametrize("title", ["部门预算项目支出绩效自评表(2023年度)", "某局2022年度部门整体支出绩效自评报告"])
def test_a_performance_document_alone(title):
    k = decide(parse_text(f"{title}\n项目名称 | 工资性支出\n2022年部门决算收支完成情况。\n"))
    assert k.kind == PERFORMANCE and k.evidence == title


@pytest.mark.parametrize(("text", "key", "words"), [
    ("某县审计局2023年工作总结\n全年完成审计项目12个。\n", "no_final_word", "全文没有“决算”二字"),
    ("某縣審計局2023年度部門決算\n一、部門職責\n", "traditional", "繁体字"),
    ("某县审计局2023年度部门决算\n一、部门职责\n负责全县审计工作。\n", "no_structure", "决算情况说明的标题"),
    ("某局2024年部门预算\n一、部门职责\n负责。\n二、说明\n三、说明\n四、说明\n五、说明\n六、说明\n七、说明\n八、说明\n"
     "九、说明\n十、说明\n十一、说明\n2023年决算数为12.00万元。\n", "no_final_head", "文件开头"),
])
def test_refused_with_what_was_missing(text, key, words):
    k = decide(parse_text(text))
    assert k.kind is None and k.refusal == key
    msg = refusal_message(k.refusal, "x.txt")
    assert msg.startswith("文件 x.txt：") and words in msg


def test_a_word_only_in_a_table_is_no_final_title():
    blocks = parse_text("某局2024年部门预算\n项目\t2023年决算数\t2024年预算数\n合计\t1.00\t2.00\n")
    k = decide(blocks)
    assert k.kind is None and k.refusal == "no_final_head"


def test_toc_tables_skip_part_headings_and_word_field_codes():
    text = "目录\n第二部分 2023年部门决算表\n一、收入支出决算总表 PAGEREF _Toc20349 h 22\n2、收入决算表\n"
    assert toc_tables(parse_text(text)) == ["收入支出决算总表", "收入决算表"]


@pytest.mark.parametrize(("name", "kind"), [
    ("shaanxi-zhashui-audit-bureau-2020-dept-final-excerpt.txt", NARRATIVE),
    ("sichuan-daying-mch-unit-2020-unit-final-narrative-excerpt.txt", NARRATIVE),
    ("guangxi-wuzhou-unknown-unit-2023-unit-final-narrative-excerpt.txt", NARRATIVE),
    ("hunan-nanxian-cppcc-2021-dept-overall-performance-eval-excerpt.txt", PERFORMANCE),
    ("sichuan-qingshen-drc-2023-project-performance-self-eval-table-excerpt.txt", PERFORMANCE),
    ("chongqing-fengdu-forestry-bureau-2024-final-excerpt.txt", None),  # a title and the unit's duties only
])
def test_corpus_excerpts(name, kind):
    assert decide(read_text(CORPUS / name).blocks).kind == kind
