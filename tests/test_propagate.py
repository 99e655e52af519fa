"""Document-level names: a confident name is a mention wherever the article writes it again."""

from conftest import facts_of


def names(text, kind):
    return [(f["text"], f["value"], f["rule_id"]) for f in facts_of(text) if f["type"] == kind]


def test_a_company_named_in_full_once_is_its_stem_elsewhere():
    found = names("他委託泰龍公司代理。泰龍表示，銷售回暖；分析師看好泰龍。", "org")
    assert found == [
        ("泰龍公司", "泰龙公司", "org.suffix"),
        ("泰龍", "泰龙公司", "org.propagated"),
        ("泰龍", "泰龙公司", "org.propagated"),
    ]


def test_a_company_registered_in_full_once_is_its_brand_elsewhere():
    found = names("深圳小鹿充電科技有限公司成立於2018年。目前，小鹿充電已覆蓋200個城市，深圳小鹿充電科技", "org")
    assert found == [
        ("深圳小鹿充電科技有限公司", "深圳小鹿充电科技有限公司", "org.suffix"),
        ("小鹿充電", "深圳小鹿充电科技有限公司", "org.propagated"),
        ("深圳小鹿充電科技", "深圳小鹿充电科技有限公司", "org.propagated"),
    ]


def test_a_stem_that_is_an_ordinary_word_is_not_a_name():
    found = names("招商銀行公布業績。各地招商引資熱度不減。", "org")
    assert [f for f in found if f[2] == "org.propagated"] == []


def test_a_person_named_after_a_title_is_a_person_alone_elsewhere():
    found = names("聯發科執行長蔡力行表示，市場回暖。蔡力行強調，明年更好。", "person")
    assert [(t, r) for t, _, r in found] == [("蔡力行", "person.after_title"), ("蔡力行", "person.propagated")]


def test_a_name_inside_a_latin_word_or_a_longer_word_is_not_repeated():
    assert [t for t, _, _ in names("據Wind數據顯示。Windows用戶增長", "org")] == ["Wind"]
    assert [t for t, _, _ in names("他委託泰龍公司代理。泰龍公司表示", "org")] == ["泰龍公司", "泰龍公司"]


def test_a_foreign_name_in_full_once_is_its_last_name_elsewhere():
    found = names("奎因·拉蒂法出席首映。拉蒂法說，很高興。", "person")
    assert found == [("奎因·拉蒂法", "奎因·拉蒂法", "person.dotted"), ("拉蒂法", "奎因·拉蒂法", "person.propagated")]
