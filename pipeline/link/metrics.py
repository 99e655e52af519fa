"""The metric options of a number: the metric words of its sentence, its unit, a price per unit, a share, a
quote's move, the end of its subject, the metric of the number before it, and `other`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..datatypes import Sentence
from .phrases import NOUN_POS, words_from
from .scorer import Options
from .view import ArticleView

if TYPE_CHECKING:
    from ..datatypes import Record


def metric_options(view: ArticleView, i: int, sentence: Sentence, subject, last: Record | None) -> Options:
    text, words, fact, number = view.text, view.words, view.facts[i], view.kept[i]
    options = Options()
    clause = view.clause(i, sentence)
    t = fact.type
    found = view.in_sentence(sentence).metric_words
    before = [m for m in found if m[1] <= number.start]
    after = [m for m in found if m[0] >= number.end]
    nearest_before = max(before, key=lambda m: m[1], default=None)
    nearest_after = min(after, key=lambda m: m[0], default=None)
    subject_text = subject.value if subject is not None else ""
    # What a count counts names its metric (13位AI高管: headcount, 18000名客户: users), over its measure word; so
    # does a metric word the segmenter glued to the measure word (22|名高管).
    counted_end = number.end + len(view.counted(number.end)) if t == "quantity" else -1
    for m in found:
        m_start, m_end, m_word = m
        metric = words.metric_of[m_word]
        side = "before" if m_end <= number.start else "after"
        in_clause = clause[0] <= m_start and m_end <= clause[1]
        where = f"word_{'clause' if in_clause else 'sentence'}_{side}"
        right_after = side == "after" and text[number.end : m_start] in ("", "的")
        # 裁员超过6000人, 营收达3亿元: only words that lead to a number (and 了, 为) stand between
        right_before = side == "before" and _leads_to_number(text[m_end : number.start], words.before_number)
        options.add(
            metric,
            where,
            {
                f"{where}:{t}": 1.0,
                f"metric:{metric}": 1.0,
                f"metric:{metric}:{t}": 1.0,
                "word_right_after": float(right_after),
                "word_counted": float(
                    number.end <= m_start < m_end <= counted_end or m_start == number.end == counted_end
                ),
                f"word_right_after:{t}": float(right_after),
                "word_right_before": float(right_before),
                "word_nearest": float(m is nearest_before or m is nearest_after),
                "word_in_subject": float(bool(subject_text) and m_word in subject_text),
                "word_distance": min(abs((m_start - number.end) if side == "after" else (number.start - m_end)), 20)
                / 20,
            },
        )
    own_word = any(clause[0] <= m[0] for m in before)
    unit = words.unit_metrics.get(fact.unit) if t == "quantity" else None
    if unit:  # 月活账户数达13.71亿个: users, not a count
        people = fact.unit in _PEOPLE  # 6000人 may be staff (headcount) as much as a count: the words decide
        features = {
            f"metric:{unit}": 1.0,
            f"unit:{unit}": 1.0,
            "unit_after_word": float(own_word),
            "unit_people": float(people),
        }
        options.add(unit, "unit", features)
    if t == "money" and fact.per:  # 每千瓦时0.26元, 每盎司27.40美元: a price
        options.add("price", "per_unit", {})
    if t == "percent" and fact.unit == "%" and not fact.direction:
        share_word = any(words.metric_of[m[2]] == "share" and clause[0] <= m[0] for m in before)
        if _share_of_things(view, number.end) or share_word:
            options.add("share", "share_rule", {"share_word": float(share_word)})
        elif text.startswith("的", number.end):
            options.add("share", "share_of_de", {})
    if subject is not None and subject.kind == "other":
        ending = next((m for word, m in words.subject_metrics.items() if subject_text.endswith(word)), None)
        if ending:
            # 全球机器人市场将达到2000亿美元: money of a market, where no metric word says otherwise, is its size
            sized = t == "money" and not own_word and not any(m[0] >= number.end for m in found)
            options.add(ending, "subject_ends", {f"subject_ends:{t}": 1.0, "market_money": float(sized)})
    move = words.quote_move.search(text, max(clause[0], number.start - 6), number.start)
    if move is not None and move.end() >= number.start - 2:
        kind = subject.kind if subject is not None else ""
        if words.index_subject.search(subject_text):
            options.add("index", "quote_index", {f"quote_index:{t}": 1.0})
        elif words.rate_subject.search(subject_text):
            options.add("other", "quote_rate", {f"quote_rate:{t}": 1.0})
        elif subject is not None:
            options.add("price", "quote_price", {f"quote_price:{t}": 1.0, f"quote_price_{kind}": 1.0})
    if last is not None and last.sentence == fact.sentence and not own_word:  # a number its clause says nothing of
        compared = view.compared(i, sentence)  # 较去年的800亿: what the number before measures
        features = {"carried_direction": float(bool(fact.direction)), f"carried:{t}": 1.0, "compared": float(compared)}
        options.add(last.metric, "carried_metric", features)
    options.add("other", "other", {f"other:{t}": 1.0})
    return options


_PEOPLE = frozenset("人名位")


def _leads_to_number(gap: str, before_number: frozenset[str]) -> bool:
    """Whether `gap` is empty or only words that lead to a number (超过, 达到, 约), 了 and 为 (at most two)."""
    gap = gap.strip()
    for _ in range(3):
        if not gap:
            return True
        lead = max((w for w in before_number if gap.startswith(w)), key=len, default="")
        if not lead and gap[0] in "了为":
            lead = gap[0]
        if not lead:
            return False
        gap = gap[len(lead) :]
    return not gap


def _share_of_things(view: ArticleView, number_end: int) -> bool:
    """A percent right before the nouns it counts (近三成企业, 10%股份; not 10%调整为, 25%关税, 22.1%的增速)."""
    words, i = words_from(view.doc, number_end)
    return (
        i is not None
        and words.starts[i] == number_end
        and words.tags[i].startswith(NOUN_POS)
        and words.tags[i] != "vn"
        and not words.texts[i].startswith(view.words.rates)
    )
