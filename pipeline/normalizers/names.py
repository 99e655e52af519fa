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
    "中概 美股 港股 A股 个股 概念股 公募 私募 红筹 上市 商业 网上 政策性 券商 中资 外资 民营 国有 央企 国企 "
    "增持 减持 新进 这是 初创 "
    "根据 依据 按照 来自 针对 面对 关于 对于 随着 通过 经过 其中 同时 此外 另外 不过 然而 因此 所以 "
    "一 个 位 名 只 不 没有 没".split()
)
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 12
_HAN_CHAR = regex.compile(r"\p{Han}")
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


# Part-of-speech tags of words that can stand in a name; `PROPER_POS` ones are names themselves.
NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "an", "l", "i"}
# jieba's dictionary tags some common words nz (聊天), so nz alone does not make a name.
PROPER_POS = {"nr", "nrt", "nrfg", "ns", "nt", "j", "eng"}
# Latin words that are ordinary vocabulary in Chinese text, not names.
GENERIC_LATIN = {"AI", "IT", "APP", "App", "app", "CEO", "CTO", "CFO", "GDP", "IPO", "ETF", "API", "PC", "TV", "VR", "AR",
                 "5G", "4G", "ICT", "IoT", "SaaS", "B", "C", "To", "A", "H", "K"}
PLACE_POS = {"ns"}
# Words that open government and national bodies' names (国家邮政局, 中央组织部).
FUNCTION_CHARS = set("的了是在和与及或被将把对向从由为也都就还又并而但其该此这那些个地得着过吗呢吧啊")
NATIONAL_WORDS = {"国家", "中央", "全国", "国际", "世界", "联邦", "国务院", "人民"}


def _is_proper(token) -> bool:
    """A name-like word: tagged as a name, Latin letters, or unknown to the dictionary (found by HMM)."""
    from ..segment import is_dictionary_word

    if token.text.isascii():
        return token.text not in GENERIC_LATIN
    if token.pos in PROPER_POS or token.text in NATIONAL_WORDS or known_name("org", token.text):
        return True
    # A word only the HMM found is a likely name, unless it is glued from function characters (地向, 这是).
    return not is_dictionary_word(token.text) and not FUNCTION_CHARS.intersection(token.text)


def _name_words(doc, suffix_start: int) -> list | None:
    """The words of the name before `suffix_start`, going back word by word; None if it is no name.

    Words of a name are nouns or name-like words; a verb, function word,
    number or punctuation ends it, and generic nouns before its first
    name-like word are not part of it (平台同盾科技 -> 同盾科技). A name needs a
    name-like word (a place, a person, an organisation, or a word the
    dictionary does not know), so 民间资本 and 债券基金 are not names.
    """
    sentence = doc.sentence_at(suffix_start)
    if sentence is None:
        return None
    tokens = doc.tokens_of(sentence)
    straddling = [t for t in tokens if t.start < suffix_start < t.end]
    if straddling and not _is_proper(straddling[0]):
        return None  # the suffix is the tail of an ordinary word: 西部, 格局, 全部
    words = list(straddling)
    start = straddling[0].start if straddling else suffix_start
    for word in reversed([t for t in tokens if t.end <= start]):
        if word.end != start or len(words) >= MAX_NAME_WORDS or suffix_start - word.start > MAX_NAME_CHARS:
            break
        if word.text in STOP_WORDS or not _NAME_WORD.match(word.text):
            break
        if word.pos not in NAME_POS and not _is_proper(word):
            break
        words.insert(0, word)
        start = word.start
    while words and not _is_proper(words[0]):
        words.pop(0)
    return words or None


def _ends_word(doc, offset: int) -> bool:
    """True when a word ends at `offset` (the next character starts a new word or is not Chinese)."""
    sentence = doc.sentence_at(offset - 1)
    if sentence is None or offset >= sentence.end or not _HAN_CHAR.match(doc.text[offset]):
        return True
    return any(t.end == offset for t in doc.tokens_of(sentence))


def _suffixed_name(m, doc, *, whole_word: bool, place_is_enough: bool):
    suffix_start = m.start("suffix")
    words = _name_words(doc, suffix_start)
    if not words:
        return None
    start = words[0].start
    name = doc.text[start:m.end()]
    base = doc.text[start:suffix_start]
    if len(base) < 2 or name in NOT_NAMES or base in NOT_NAMES or base in STOP_WORDS:
        return None
    if whole_word and (len(name) < 3 or not _ends_word(doc, m.end())):
        return None
    if not place_is_enough and all(w.pos in PLACE_POS or w.text in NATIONAL_WORDS or not _is_proper(w) for w in words):
        return None  # 中国智能, 广东汽车: a place and a business word name no company
    known = known_name("org", name)
    if not known and (known_name("org", base) or known_name("product", base)):
        return None  # `腾讯公司`, `字节跳动资本`: the gazetteer's shorter name is the mention
    return Value(known.name if known else name, start=start - m.start())


@normalizer("org_suffix", required={"suffix"})
def org_suffix(m, doc):
    """A name ending in an organisation word (公司, 银行, 研究院, 委员会)."""
    return _suffixed_name(m, doc, whole_word=False, place_is_enough=True)


@normalizer("org_suffix_business", required={"suffix"})
def org_suffix_business(m, doc):
    """A company named by a trade (科技, 智能, 汽车): a whole word, with a name that is not just a place."""
    return _suffixed_name(m, doc, whole_word=True, place_is_enough=False)


@normalizer("org_suffix_government", required={"suffix"})
def org_suffix_government(m, doc):
    """A government body (部, 局, 署): a whole word; a place before it is enough (美国农业部)."""
    return _suffixed_name(m, doc, whole_word=True, place_is_enough=True)


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


@normalizer("org_han_alias", required={"paren"})
def org_han_alias(m, doc):
    """The Chinese name right before a parenthesised English one; the match is the parenthesis."""
    found = _name_before_parenthesis(doc, m.start())
    if not found:
        return None
    return Value(found[1], start=found[0] - m.start(), end=0)


@normalizer("org_name", required={"name"})
def org_name(m, doc):
    """A name matched whole by its pattern (English names, parenthesised aliases)."""
    surface = m.group("name").strip()
    known = known_name("org", surface)
    return Value(known.name if known else surface, start=m.start("name") - m.start(), end=m.end("name") - m.start())


NOT_NAME_ENDINGS = ("局长", "部长", "总", "先生", "女士", "老师", "教授", "博士", "经理", "主任", "书记", "院士", "董事",
                    "市长", "省长", "总统", "总理", "警官", "医生", "律师", "同学", "师傅", "阿姨", "大爷", "记者", "某")


@normalizer("person", required={"name"})
def person(m, doc):
    """A surname and given name, where the segmenter sees a person's name.

    The word at the match's start must be tagged as a person's name (nr), or be
    the surname alone followed by a one- or two-character word the dictionary
    does not know (a given name). Function words that double as surnames
    (但, 和, 时) are thereby excluded.
    """
    from ..segment import is_dictionary_word

    start = m.start("name")
    sentence = doc.sentence_at(start)
    if sentence is None:
        return None
    tokens = doc.tokens_of(sentence)
    first = next((t for t in tokens if t.start == start), None)
    if first is None:
        return None
    if first.pos.startswith("nr") and 2 <= len(first.text) <= 3:
        end = first.end
    elif len(first.text) == 1:
        given = next((t for t in tokens if t.start == first.end), None)
        if given is None or not 1 <= len(given.text) <= 2:
            return None
        if is_dictionary_word(given.text) and not given.pos.startswith("nr"):
            return None
        end = given.end
    else:
        return None
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
