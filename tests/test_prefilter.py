"""The Hyperscan prefilter skips work, never a match (pipeline/prefilter.py)."""

import json
import stat
from dataclasses import replace

import pytest
import regex
from conftest import shared

from zh_facts.ruleset.prefilter import (
    Prefilter,
    _element_starts,
    _flags,
    _longest_compiling_start,
    hyperscan,
    hyperscan_pattern,
    line_spans,
)
from zh_facts.text.convert import convert

needs_hyperscan = pytest.mark.skipif(hyperscan is None, reason="no Hyperscan wheel for this platform")


def _pcre(pattern: str) -> str:
    """Expected translations are written with D, S and HAN for the classes the translation spells out."""
    from zh_facts.ruleset.prefilter import _class_for_hyperscan

    for placeholder, escape in (("HAN", "p{Han}"), ("D", "d"), ("S", "s")):
        pattern = pattern.replace(placeholder, f"[{_class_for_hyperscan(escape)}]")
    return pattern


@needs_hyperscan
@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"(?P<year>\d{4})年", r"(?:D{4})年"),
        (r"(?<name>a)(?<=b)(?<!c)", r"(?:a)(?<=b)(?<!c)"),
        (r"[\p{Han}&&[^的]]元", r"(?s:.)元"),
        (r"[^a--b]x", r"(?s:.)x"),
        (r"[\[\]&-]y", r"[\[\]&-]y"),  # escaped brackets, a lone `&` and a trailing `-` are plain PCRE
        (r"(?P<sep>[-/])\d(?P=sep)", r"(?P<sep>[-/])D(?P=sep)"),  # a back-reference keeps its group's name
        (r"(?P<name>\p{Han}{2})(?=\s?(?:表示|指出))", r"(?:HAN{2})(?:S?(?:表示|指出))"),  # a final lookahead consumes
        (r"\d+(?=元)|\d+(?=%)", r"D+(?=元)|D+(?:%)"),
        (r"x(?=元)\)", r"x(?=元)\)"),
        (r"(?=\d)x(?!元)", r"(?=D)x(?!元)"),
    ],
)
def test_translation_to_pcre(pattern, expected):
    assert hyperscan_pattern(pattern) == _pcre(expected)


@needs_hyperscan
def test_classes_hold_every_character_regex_means():
    """Hyperscan's Unicode tables are older: its \\p{Han} lacks 鿏 (U+9FCF, an element's name), its \\d the newer digits."""
    prefilter = Prefilter([r"(?P<name>\p{Han}{2})先生", r"(?P<number>\d+)个"], compile_after=0)
    assert prefilter.spans("鿏鿭先生") == [(0, [(0, 4)])]
    assert prefilter.spans("\U00016130\U00016131个") == [(1, [(0, 3)])]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\L<names>",
        r"(?|a|b)",
        r"(?:abc){e<=1}",
        r"\mword\M",
        r"[]a]",
        r"(?r)x",
        r"\bword",
        r"\u4e00",
        r"[\N{EM DASH}]",
        r"(?i)meta",
        r"(?fi:strasse)",
    ],
)
def test_regex_only_syntax_is_not_prefiltered(pattern):
    assert hyperscan_pattern(pattern) is None


def test_lines_and_whole_text_scanners():
    text = "第一行2025年\n\n没有数字\n第三行"
    assert line_spans(text) == [(0, 8), (10, 14), (15, 18)]
    prefilter = Prefilter([r"\d{4}年", None], use_hyperscan=False)
    assert prefilter.spans(text) == [(0, line_spans(text)), (1, [(0, len(text))])]
    assert prefilter.spans("") == []


@needs_hyperscan
def test_a_prepared_batch_gives_the_spans_of_each_text_alone():
    prefilter = Prefilter([r"(?P<number>\d+)元", r"(?P<number>\d+)个", None], compile_after=0)
    texts = ["10元\n三个", "没有\n5个", "10元\n三个"]  # the same text twice: each is its own object
    alone = [prefilter.spans(t) for t in texts]
    prefilter.prepare(texts)
    assert [prefilter.spans(t) for t in texts] == alone
    assert prefilter.spans("7元") == [(0, [(0, 2)]), (2, [(0, 2)])]  # not prepared: scanned then


def _dev_texts(feed_items: int = 400) -> list[str]:
    news = shared("data/news")
    texts = [p.read_text(encoding="utf-8") for p in sorted(news.glob("*.txt"))]
    with open(news / "rthk_feed_2025.jsonl", encoding="utf-8") as feed:
        texts += [json.loads(line)["text"] for _, line in zip(range(feed_items), feed)]
    return texts


@needs_hyperscan
@pytest.mark.slow  # compiles every pattern alone
def test_every_pattern_is_prefiltered(rules):
    """Today's rules all translate and compile; a rule that does not is slower, and should be noticed."""
    prefilter = rules.prefilter
    prefilter.compile()
    patterns = [i for i, r in enumerate(rules.rules) if isinstance(r.compiled, regex.Pattern)]
    assert sorted(prefilter.filtered) == patterns


def test_a_pattern_splits_into_its_top_level_elements_only_without_a_top_level_alternation():
    assert _element_starts(r"(?=\d)(?:a|b)+[x|y]\d{2,3}c?") == [0, 6, 14, 19, 26]
    assert _element_starts("(?:a|b)|c") == []


@needs_hyperscan
def test_a_pattern_too_long_for_hyperscan_is_filtered_by_its_start():
    """Hyperscan refuses some long patterns ('Pattern length exceeds limit'); the longest start of their
    top-level elements it takes filters lines as well (what matches the pattern matches its start), never a start
    of lookarounds alone, which would let every line through."""
    words = "|".join(f"{chr(0x4E00 + i)}{chr(0x4E00 + i + 1)}(?![ab])" for i in range(3000))
    too_long = rf"(?:(?=\d))(?:\d+)\s?(?:{words})(?:{words})"
    start = _longest_compiling_start(too_long, _flags())
    assert start is not None and start != too_long and too_long.startswith(start)
    assert start.startswith(r"(?:(?=\d))(?:\d+)")  # more than the lookahead
    assert _longest_compiling_start(rf"(?:(?=\d))(?:{words}|x)", _flags()) is None


@needs_hyperscan
def test_no_match_is_skipped(rules):
    """Every match of every rule, on every example and on the development news, lies on a flagged line."""
    texts = [example.text for rule in rules.rules for example in rule.examples] + _dev_texts()
    rules.prefilter.compile()
    checked = 0
    for text in texts:
        simplified = convert(text).simplified
        flagged = dict(rules.prefilter.spans(simplified))
        for index, rule in enumerate(rules.rules):
            spans = flagged.get(index, [])
            if not isinstance(rule.compiled, regex.Pattern):
                continue
            for start, end in line_spans(simplified):
                for m in rule.compiled.finditer(simplified, start, end):
                    checked += 1
                    assert (start, end) in spans, f"{rule.id} matched {m.group()!r} on a line the prefilter skipped"
    assert checked > 5000


@needs_hyperscan
def test_same_facts_with_and_without_prefilter(rules):
    from zh_facts.datatypes import Article
    from zh_facts.stages.extract import extract_article

    rules.prefilter.compile()
    unfiltered = replace(rules, _prefilter=rules.make_prefilter(use_hyperscan=False))
    for number, text in enumerate(_dev_texts(feed_items=200)):
        article = Article(f"a{number}", text)
        assert extract_article(article, rules).facts == extract_article(article, unfiltered).facts


@needs_hyperscan
def test_compiled_database_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path))
    patterns = [r"(?P<n>\d+)元", r"[\p{Han}&&[^的]]公司"]
    first = Prefilter(patterns, compile_after=0)
    first.spans("")  # compiles, and keeps it
    (cached,) = tmp_path.glob("prefilter-*.hsdb")
    assert (
        Prefilter(patterns).spans("一百元\n10元\n某公司")
        == first.spans("一百元\n10元\n某公司")
        == [(0, [(4, 7)]), (1, [(8, 11)])]
    )
    cached.write_bytes(b"0 1\nnot a database")  # damaged: compiled again
    assert Prefilter(patterns, compile_after=0).spans("10元") == [(0, [(0, 3)])]
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700  # what the folder holds is loaded: the user's alone


@needs_hyperscan
def test_a_tampered_database_is_rebuilt_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path))
    patterns = [r"(?P<n>\d+)元", r"[\p{Han}&&[^的]]公司"]
    Prefilter(patterns, compile_after=0).spans("")
    (cached,) = tmp_path.glob("prefilter-*.hsdb")
    Prefilter([r"(?P<n>\d+)美元"], compile_after=0).spans("")  # a real database of another rule set
    other = next(p for p in tmp_path.glob("prefilter-*.hsdb") if p != cached)
    signature, _ = cached.read_bytes().split(b"\n", 1)
    _, swapped = other.read_bytes().split(b"\n", 1)
    cached.write_bytes(signature + b"\n" + swapped.replace(b"0\n", b"0 1\n", 1))  # claims both ids, finds less
    assert Prefilter(patterns, compile_after=0).spans("10元\n某公司") == [(0, [(0, 3)]), (1, [(4, 7)])]


@needs_hyperscan
def test_a_small_run_never_waits_for_the_compiler(tmp_path, monkeypatch):
    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path))
    prefilter = Prefilter([r"(?P<n>\d+)元", r"(?P<n>\d+)%"], compile_after=10)
    assert prefilter.spans("5元\n6个") == [(0, [(0, 2), (3, 5)]), (1, [(0, 2), (3, 5)])]  # every line, as without it
    assert not list(tmp_path.iterdir())
    assert prefilter.spans("5元\n6个\n7%") == [(0, [(0, 2)]), (1, [(6, 8)])]  # past 10 characters: compiled
    assert list(tmp_path.glob("prefilter-*.hsdb"))


@needs_hyperscan
def test_pattern_hyperscan_rejects_is_scanned_everywhere(tmp_path, monkeypatch):
    monkeypatch.setenv("ZH_FACTS_CACHE", str(tmp_path))
    prefilter = Prefilter([r"\d+元", r"a{2000}{2000}"], compile_after=0)  # the second is too large for Hyperscan
    prefilter.compile()
    assert prefilter.filtered == {0}
    assert prefilter.spans("x\n5元") == [(0, [(2, 4)]), (1, [(0, 1), (2, 4)])]


def test_gazetteer_scans_like_a_pattern_between_pos_and_endpos():
    from zh_facts.ruleset.gazetteer import NameMatcher

    matcher = NameMatcher(["腾讯", "Meta"])
    text = "腾讯与Meta\n腾讯"
    assert [(m.start(), m.end()) for m in matcher.finditer(text)] == [(0, 2), (3, 7), (8, 10)]
    assert [(m.start(), m.group()) for m in matcher.finditer(text, 3, 8)] == [(3, "Meta")]


def test_a_long_gazetteer_finds_the_same_names_without_a_dfa(monkeypatch):
    """Past DFA_MAX_NAMES a gazetteer keeps ahocorasick-rs's own automaton (a DFA's memory grows with the
    names): the leftmost-longest hits, Latin names included, must not depend on which one scans."""
    import zh_facts.ruleset.gazetteer as gazetteer

    names = ["腾讯", "腾讯音乐", "音乐", "Meta", "OpenAI", "中国移动"]
    text = "腾讯音乐与meta、Meta和OPENAI在中国移动互联网大会\n腾讯"
    found = [[(m.start(), m.group()) for m in gazetteer.NameMatcher(names).finditer(text, 1)]]
    monkeypatch.setattr(gazetteer, "DFA_MAX_NAMES", 2)
    found.append([(m.start(), m.group()) for m in gazetteer.NameMatcher(names).finditer(text, 1)])
    # from offset 1: 腾讯音乐 is cut, so its 音乐 is found; `meta` is not `Meta`; 6 letters ignore case
    assert found[0] == found[1] == [(2, "音乐"), (10, "Meta"), (15, "OPENAI"), (22, "中国移动"), (32, "腾讯")]
