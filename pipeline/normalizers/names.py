"""Names: organisations, products and people.

`gazetteer` maps an alias to its canonical entry. `org_suffix` finds where a
name that ends in an organisation word (公司, 银行, 研究院 …) begins: going back
from the suffix word by word, it keeps words that can be part of a name and
stops at verbs, function words, numbers and punctuation.
"""
from __future__ import annotations

import regex

from ..gazetteer import known_name, lookup
from ..model import Value
from . import normalizer

# Words that end a name going backwards: a name does not contain them.
STOP_WORDS = set(
    "的 了 和 与 及 以及 或 在 于 是 为 被 将 把 对 向 从 由 据 称 说 等 也 都 就 还 又 并 而 但 其 该 此 这 那 这家 "
    "一家 多家 各家 这些 那些 旗下 包括 加入 成立 投资 收购 宣布 发布 表示 认为 指出 报道 显示 获得 通过 成为 作为 "
    "联合 携手 合作 旗舰 领先 知名 大型 国内 国外 海外 全球 全国 中小 头部 主要 其他 其它 相关 所有 部分 "
    "以 让 给 跟 同 比 去年 今年 目前 当前 近日 日前 此前 已经 正在 已 曾 与其 今天 昨天 "
    "根据 依据 按照 来自 针对 面对 关于 对于 随着 通过 经过 其中 同时 此外 另外 不过 然而 因此 所以 "
    "一 个 位 名 只 不 没有 没".split()
)
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 12
_NAME_WORD = regex.compile(r"^(?:\p{Han}{2,}|[A-Za-z][A-Za-z&·]*)$")  # single characters are function words


@normalizer("gazetteer")
def gazetteer(m, doc):
    entry = lookup(m.re, m.group(0))
    if entry is None:
        return None
    return Value(entry.name, owner=entry.owner)


# Common words that end like an organisation but name none.
NOT_NAMES = set(
    "人工智能 互联网 物联网 移动互联网 金融科技 黑科技 高科技 新能源 新能源汽车 智能汽车 电动汽车 全部 内部 外部 局部 "
    "大部 本部 总部 干部 东部 西部 南部 北部 中部 头部 底部 顶部 全局 大局 格局 布局 结局 开局 当局 时局 赛局 "
    "具身智能 通用人工智能 人形机器人 机器人 工业机器人 服务机器人 社交网络 神经网络 计算机网络 无线网络 "
    "应用软件 操作系统软件 半导体 消费电子 汽车电子 电力 动力 新动力 风电 能源 清洁能源 传统能源 "
    "公司 集团 银行 证券 基金 大学 学院 医院 金融 科技 投资 创投 资本 头部 大型 小型 中小 上市 科技公司 上市公司".split()
)


def _name_start(m, doc, suffix_start: int) -> int | None:
    """Where the name before `suffix_start` begins, going back word by word."""
    sentence = doc.sentence_at(suffix_start)
    if sentence is None:
        return None
    tokens = doc.tokens_of(sentence)
    straddling = [t for t in tokens if t.start < suffix_start < t.end]
    start = straddling[0].start if straddling else suffix_start  # `中国银行` segmented as one word
    taken = 0
    for word in reversed([t for t in tokens if t.end <= start]):
        if word.end != start or taken >= MAX_NAME_WORDS or suffix_start - word.start > MAX_NAME_CHARS:
            break
        if word.text in STOP_WORDS or not _NAME_WORD.match(word.text):
            break
        start = word.start
        taken += 1
    return max(start, m.start())


def _ends_word(doc, offset: int) -> bool:
    """True when a word ends at `offset` (the next character starts a new word or is not Chinese)."""
    sentence = doc.sentence_at(offset - 1)
    if sentence is None or offset >= sentence.end or not regex.match(r"\p{Han}", doc.text[offset]):
        return True
    return any(t.end == offset for t in doc.tokens_of(sentence))


def _suffixed_name(m, doc, *, weak: bool):
    suffix_start = m.start("suffix")
    start = _name_start(m, doc, suffix_start)
    if start is None:
        return None
    name = doc.text[start:m.end()]
    base = doc.text[start:suffix_start]
    if len(base) < 2 or name in NOT_NAMES or base in NOT_NAMES or base in STOP_WORDS:
        return None
    if weak and (len(name) < 3 or not _ends_word(doc, m.end())):
        return None
    known = known_name("org", name)
    if not known and (known_name("org", base) or known_name("product", base)):
        return None  # `腾讯公司`, `字节跳动资本`: the gazetteer's shorter name is the mention
    return Value(known.name if known else name, start=start - m.start())


@normalizer("org_suffix", required={"name", "suffix"})
def org_suffix(m, doc):
    """A name ending in an organisation word (公司, 银行, 研究院)."""
    return _suffixed_name(m, doc, weak=False)


@normalizer("org_suffix_weak", required={"name", "suffix"})
def org_suffix_weak(m, doc):
    """A name ending in a word that is also an ordinary word (科技, 智能, 局): it must be a whole word."""
    return _suffixed_name(m, doc, weak=True)


def _name_before_parenthesis(doc, paren: int) -> tuple[int, str] | None:
    """`凯捷(Capgemini)`: the Chinese word right before the parenthesis, if it looks like a name."""
    sentence = doc.sentence_at(paren - 1)
    if sentence is None:
        return None
    words = [t for t in doc.tokens_of(sentence) if t.end == paren]
    if not words:
        return None
    word = words[0]
    known = known_name("org", word.text)
    if known:
        return word.start, known.name
    # A name the dictionary does not know, of a name's length; a known word (模型, 技术) is a concept.
    from ..segment import is_dictionary_word

    if 2 <= len(word.text) <= 4 and word.text not in STOP_WORDS and not is_dictionary_word(word.text):
        return word.start, word.text
    return None


@normalizer("org_latin_alias", required={"name"})
def org_latin_alias(m, doc):
    found = _name_before_parenthesis(doc, m.start() - 1)
    return Value(found[1]) if found else None


@normalizer("org_han_alias", required={"name"})
def org_han_alias(m, doc):
    found = _name_before_parenthesis(doc, m.end())
    if not found:
        return None
    return Value(found[1], start=found[0] - m.start())


@normalizer("org_name", required={"name"})
def org_name(m, doc):
    """A name matched whole by its pattern (English names, parenthesised aliases)."""
    surface = m.group("name").strip()
    known = known_name("org", surface)
    return Value(known.name if known else surface, start=m.start("name") - m.start(), end=m.end("name") - m.start())


NOT_NAME_ENDINGS = ("局长", "部长", "总", "先生", "女士", "老师", "教授", "博士", "经理", "主任", "书记", "院士", "董事", "市长", "省长", "总统", "总理")


@normalizer("person", required={"name"})
def person(m, doc):
    """A surname and given name; its length is where the segmenter puts the word's end."""
    start = m.start("name")
    sentence = doc.sentence_at(start)
    if sentence is None:
        return None
    end = m.end("name")
    for token in doc.tokens_of(sentence):
        if token.start == start and 2 <= len(token.text) <= 3:
            end = token.end
            break
        if token.start == start and len(token.text) == 1:
            following = [t for t in doc.tokens_of(sentence) if t.start == token.end]
            if following and 1 <= len(following[0].text) <= 2:
                end = following[0].end
            break
    end = min(end, m.end("name"))
    name = doc.text[start:end]
    if len(name) < 2 or name.endswith(NOT_NAME_ENDINGS) or known_name("org", name) or known_name("product", name):
        return None
    return Value(name, start=start - m.start(), end=end - m.start())


@normalizer("product_model", required={"family"})
def product_model(m, doc):
    """`GLM-4-Flash`: a model family with a version; its owner is the family's owner."""
    family = known_name("product", m.group("family")) or known_name("org", m.group("family"))
    owner = "" if family is None else (family.owner or family.name)
    return Value(m.group(0), owner=owner)
