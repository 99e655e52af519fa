"""Build rules/gazetteer/registry_orgs.* and registry_products.* from the public registries.

    .venv/bin/python tools/build_registry_gazetteers.py [../shared/data/registries]
    .venv/bin/python tools/build_registry_gazetteers.py --check   # exit 1 when the committed files differ

Reads the lists of `../shared/data/registries/` (their README gives each
source, date and licence; the header of each generated file repeats them):
listed companies of the Shanghai, Shenzhen, Beijing, Hong Kong and Taiwan
exchanges, Chinese companies listed abroad and large global companies by
their Chinese names, listed financial institutions and bank names, central
government bodies, media outlets, and well-known apps and AI products with
their owners. Each organisation becomes an entry with its short name as the
canonical name, its full name and other names as aliases, and its stock code
(`600519.SH`, `0700.HK`, `2330.TW`, `BABA`).

Left out, because a bare mention would be wrong more often than right:
- names flagged `common_word_flag` by the registries (农产品, 统一, 苹果) and
  names jieba's dictionary knows as an ordinary word or a place (大同, 平安;
  of two characters, any word not tagged organisation or abbreviation: 精华,
  蓝天), which need context this list cannot give;
- names of one character, and of two when the second is a letter (万科A
  keeps its alias 万科 only through the A-share list's own aliases);
- every name the hand-kept gazetteers already have: those entries stay theirs;
- CC-CEDICT's and jieba's organisation words (noisy: events, generic words).
`tests/test_registries.py` checks that the committed files are what this script makes.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import regex
import yaml
from generated import ROOT, table, write_or_check

REGISTRIES = ROOT.parent / "shared" / "data" / "registries"
OUT = ROOT / "rules" / "gazetteer"
# Words that make a jieba word a name; any other tag on a one-word name is an ordinary word.
NAME_TAGS = {"nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "x"}
SHORT_NAME_TAGS = {"nt", "j"}
# A listed name is the hand-kept organisation's when it is that name with one of these after it (腾讯控股).
LISTING_WORDS = ("控股", "集团", "股份", "有限公司", "集团股份有限公司", "股份有限公司", "控股有限公司")
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
# The trades that follow a company's name (科技, 保险), as the pipeline's propagation reads them.
STEM_SUFFIXES = frozenset(
    yaml.safe_load((ROOT / "rules" / "lexicon" / "names.yaml").read_text("utf-8"))["stem_suffixes"]
)
A_SHARE_SUFFIX = {"SSE": "SH", "SSE-B": "SH", "SZSE": "SZ", "SZSE-B": "SZ", "BSE": "BJ"}
TW_SUFFIX = {"TWSE": "TW", "TPEx": "TWO"}
ORG_FILES = {  # file -> what its header says of it
    "cn_central_government_bodies.csv": "central government bodies (hand-compiled; names are facts)",
    "media_outlets_zh.csv": "media outlets (hand-compiled; names are facts)",
    "global_and_us_listed_companies_zh.csv": "Chinese companies listed abroad and large global companies "
    "(hand-compiled; names are facts)",
    "cn_a_share_companies.csv": "SSE, SZSE and BSE listed companies (the exchanges' published lists, "
    "via LuWei-HUST/stocks (no licence stated), 1nchaos/adata (Apache-2.0), "
    "Yuis1/LLM4Stock (no licence stated))",
    "hk_listed_companies.csv": "HKEX listed companies (HKEX's List of Securities, HKEX terms of use)",
    "tw_listed_companies.csv": "TWSE and TPEx listed companies (Open Government Data License, Taiwan, v1.0; "
    "twstock, MIT)",
    "cn_financial_institutions.csv": "listed financial institutions and bank names (from the lists above; "
    "bank names from digglife/cnbankcard, no licence stated)",
}


def rows(registries: Path, name: str) -> list[dict]:
    with open(registries / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def code_of(file: str, row: dict) -> str:
    code, kind = row["code"].strip(), row["exchange_or_kind"]
    if not code:
        return ""
    if file == "cn_a_share_companies.csv":
        return f"{code}.{A_SHARE_SUFFIX[kind]}" if kind in A_SHARE_SUFFIX and code.isdigit() else ""
    if file == "hk_listed_companies.csv":
        return f"{int(code):04d}.HK" if code.isdigit() else ""
    if file == "tw_listed_companies.csv":
        return f"{code}.{TW_SUFFIX[kind]}" if kind in TW_SUFFIX else ""
    if file == "cn_financial_institutions.csv":
        suffix = A_SHARE_SUFFIX.get(row.get("listing", ""))
        return f"{code}.{suffix}" if suffix and code.isdigit() else ""
    if file == "global_and_us_listed_companies_zh.csv":
        return code
    return ""


def names_of(file: str, row: dict) -> tuple[str, list[str], int]:
    """The canonical name (Simplified), the other names of a registry row, and how many of those, at their end,
    are registered names without their legal form."""
    if file == "cn_central_government_bodies.csv":
        # A body's own name, not its abbreviation (港澳办 is 国务院港澳事务办公室), without the state's.
        full = row["full_name"].removeprefix("中华人民共和国") or row["short_name"]
        return full, [row["short_name"], row["full_name"], *split(row["aliases"]), *split(row["traditional"])], 0
    if file == "hk_listed_companies.csv":
        canonical = row["short_name_simplified"] or row["short_name"]
        others = [row["short_name"], *split(row["aliases"])]
    elif file == "tw_listed_companies.csv":
        canonical = row["short_name_simplified"] or row["short_name"]
        others = [row["short_name"], row["full_name"], row.get("full_name_simplified", ""), *split(row["aliases"])]
    else:
        canonical = row["short_name"]
        others = [
            row["full_name"],
            *split(row.get("aliases")),
            *split(row.get("traditional")),
            *split(row.get("script_variants")),
        ]
    # A registered name is written without its legal form too (长荣航空 of 长荣航空股份有限公司), unless that is the
    # short name and a trade (达发科技, 中国人寿保险): the short name inside it is the shortest span that names it.
    stems = [next((o.removesuffix(f) for f in LEGAL_FORMS if o.endswith(f)), "") for o in others]
    short = {row["short_name"], row.get("short_name_simplified", ""), canonical} - {""}
    stems = [
        s
        for s in dict.fromkeys(stems)
        if len(s) >= 3 and not any(s[len(n) :] in STEM_SUFFIXES for n in short if s.startswith(n))
    ]
    return canonical, [o for o in others if o] + stems, len(stems)


GLOBAL = "global_and_us_listed_companies_zh.csv"
_LEGAL_TAIL = regex.compile(
    r"[,.]?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.,?\s*Ltd\.?|Co\.?|Ltd\.?|Limited|plc|PLC|"
    r"p\.l\.c\.|AG|SE|S\.A\.|N\.V\.|A/S|PBC|Group|Holdings?)$"
)


def english_names(row: dict) -> list[str]:
    """A global company's English names as news writes them: without its legal form and a leading `The`
    (Texas Instruments, Goldman Sachs, ASML), and the name in parentheses at its end (Google). Tickers are left out:
    news writes few, and some are words (CRM, COST)."""
    name = row["english_name"]
    names = regex.findall(r"\(([^)]+)\)\s*$", name)  # Alphabet Inc. (Google); not ZTO Express (Cayman) Inc.
    base = regex.sub(r"\s*\([^)]*\)", "", name).removeprefix("The ")
    while _LEGAL_TAIL.search(base):
        base = _LEGAL_TAIL.sub("", base)
    return [n for n in dict.fromkeys(names + [base]) if len(n) >= 3 and regex.search(r"[A-Za-z]", n)]


class Segmenter:
    """jieba's plain dictionary (rjieba), to tell ordinary words from names."""

    def __init__(self):
        import rjieba

        self._jieba = rjieba.Jieba()

    def ordinary_word(self, name: str) -> bool:
        """A word of the dictionary that is not an organisation's name. jieba tags many ordinary words of two
        characters as names (精华 nz, 蓝天 nr): those count as names only when tagged organisation or abbreviation."""
        words = self._jieba.tag(name, True)
        if len(words) != 1 or not self._jieba.has_word(name):
            return False
        return words[0][1] not in (SHORT_NAME_TAGS if len(name) <= 2 else NAME_TAGS)


# Offices named like bodies that news uses as titles (国家主席习近平), and aliases too vague alone.
NOT_ORGANISATIONS = {"国家主席", "国家副主席", "中华人民共和国主席", "安全部"}
# Two-character names that open with one of these are phrases of news before they are names (全台 "all Taiwan").
PHRASE_OPENERS = ("全", "各", "本", "该", "此", "每")


def usable(name: str, segmenter: Segmenter) -> bool:
    if name in NOT_ORGANISATIONS or (name[:1] == "G" and len(name) > 1 and not name[1:2].isascii()):
        return False  # and the 2005 share reform's `G` prefixes (G时代)
    if len(name) < 2 or (len(name) == 2 and not all("\u3400" <= c <= "\u9fff" for c in name)):
        return False
    if len(name) == 2 and name.startswith(PHRASE_OPENERS):
        return False
    if name.isascii():
        return False  # English names of the lists are registered names (`CHINA VANKE CO., LTD.`), not what news writes
    return not segmenter.ordinary_word(name)


def hand_kept(to_simplified, fact_type: str) -> dict[str, str]:
    """Every name and alias of the hand-kept gazetteers of `fact_type` (not the generated ones), to its canonical name."""
    names = {}
    for path in OUT.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name.startswith(("registry_", "cluener_")) or data.get("type") != fact_type:
            continue
        for entry in data.get("entries") or []:
            aliases = entry if isinstance(entry, list) else [entry["name"], *(entry.get("aliases") or [])]
            names.update((to_simplified(str(a)), str(aliases[0])) for a in aliases)
    return names


_LEGAL_WORDS = frozenset(
    "CO LTD LIMITED INC CORP CORPORATION COMPANY HOLDINGS HOLDING GROUP THE AND OF PLC SA AG".split()
)


def same_company(listed: list[str], row: dict) -> bool:
    """Whether a row of another market is the company of the listings already seen (their English names and
    tickers): an English word in common (CHINA and legal words aside), or its English name is their ticker or
    the initials of their name (TSMC, Taiwan Semiconductor Manufacturing Company). 三星 (San Shing) of Taiwan is
    not Samsung; 中国石化 (CPDC) of Taiwan is not Sinopec."""
    other = row.get("english_name", "").upper()
    if not other:
        return False
    words = {w for w in regex.findall(r"[A-Z]{3,}", other) if w not in _LEGAL_WORDS and w != "CHINA"}
    for name in filter(None, listed):
        every = regex.findall(r"[A-Za-z]+", name.upper())
        seen = [w for w in every if w not in _LEGAL_WORDS]
        initials = "".join(w[0] for w in every)  # TSMCL: Taiwan Semiconductor Manufacturing Company Limited
        if words & (set(seen) - {"CHINA"}) or other == name.upper() or (len(other) >= 3 and initials.startswith(other)):
            return True
    return False


def _with_code(codes: str, code: str) -> str:
    """Codes joined with `|` in the order the lists give them, one a market (the first): 0728.HK, 601728.SH."""
    listed = [c for c in codes.split("|") if c]
    markets = {c.rpartition(".")[2] if "." in c else "" for c in listed}
    new = code and (code.rpartition(".")[2] if "." in code else "") not in markets
    return "|".join(listed + ([code] if new else []))


def build_orgs(registries: Path, to_simplified, segmenter: Segmenter) -> tuple[list[dict], dict[str, str]]:
    """The registry's organisations, and the stock codes of organisations the hand-kept lists name."""
    taken = hand_kept(to_simplified, "org")
    entries: dict[str, dict] = {}
    codes: dict[str, str] = {}
    english: dict[str, list[str]] = {}  # name -> the English names and tickers of the listings its codes are of
    exactly: set[str] = set()  # hand-kept names a listing's own name matched, not only with 股份 or 控股 after it
    for file in ORG_FILES:
        for row in rows(registries, file):
            canonical, others, stems = names_of(file, row)
            canonical = to_simplified(canonical)
            latin = english_names(row) if file == GLOBAL else []  # the one list whose English names news writes
            surfaces = [canonical, *(to_simplified(o) for o in others), *latin]
            stems += len(latin)
            exact = next((taken[s] for s in surfaces if s in taken), None)
            known = exact or next(
                (
                    taken[s[: -len(w)]]
                    for s in surfaces[: len(surfaces) - stems]
                    for w in LISTING_WORDS
                    if s.endswith(w) and s[: -len(w)] in taken
                ),
                None,
            )
            if known is not None:  # the hand-kept entry stays; it gains the code, and the listed names as aliases
                if code_of(file, row) and (
                    known not in codes or (exact and (known not in exactly or same_company(english[known], row)))
                ):  # 博通股份 is not 博通; 长荣 of Taiwan is the name of the list, 长荣股份 only shares it
                    codes[known] = _with_code(codes.get(known, ""), code_of(file, row))
                    english.setdefault(known, []).extend((row["english_name"], row["code"]))
                    if exact:
                        exactly.add(known)
                extra = list(
                    dict.fromkeys(s for s in surfaces if s not in taken and (usable(s, segmenter) or s in latin))
                )
                if extra:
                    entry = entries.setdefault(known, {"name": known, "code": "", "aliases": []})
                    entry["aliases"] += [s for s in extra if s not in entry["aliases"]]
                continue
            if row.get("common_word_flag") or not usable(canonical, segmenter):
                continue  # a name that needs context
            entry = entries.get(canonical)
            if entry is None:
                entry = entries[canonical] = {"name": canonical, "code": code_of(file, row), "aliases": []}
                english[canonical] = [row["english_name"], row["code"]]
            elif same_company(english[canonical], row):  # one company on several markets: the region picks
                entry["code"] = _with_code(entry["code"], code_of(file, row))
            for alias in surfaces[1:]:
                if (
                    alias != canonical
                    and alias not in entry["aliases"]
                    and (usable(alias, segmenter) or alias in latin)
                ):
                    entry["aliases"].append(alias)
    # An alias that two organisations share names neither: it is dropped from both.
    owners: dict[str, set[str]] = {}
    for entry in entries.values():
        for alias in entry["aliases"]:
            owners.setdefault(alias, set()).add(entry["name"])
    for entry in entries.values():
        entry["aliases"] = [a for a in entry["aliases"] if len(owners[a]) == 1 and a not in entries]
    return sorted(entries.values(), key=lambda e: e["name"]), dict(sorted(codes.items()))


def build_products(registries: Path, to_simplified, segmenter: Segmenter) -> list[dict]:
    taken = {**hand_kept(to_simplified, "org"), **hand_kept(to_simplified, "product")}
    entries = []
    for row in rows(registries, "cn_apps_ai_products.csv"):
        canonical, others, _ = names_of("cn_apps_ai_products.csv", row)
        canonical = to_simplified(canonical)
        surfaces = [
            canonical,
            *(to_simplified(o) for o in others),
            *([row["english_name"]] if row["english_name"] else []),
        ]
        if row.get("common_word_flag") or any(s in taken for s in surfaces) or segmenter.ordinary_word(canonical):
            continue
        if to_simplified(row["owner"]) == canonical:
            continue  # the company that runs it (知乎, 拼多多): an organisation, not a product
        aliases = list(dict.fromkeys(s for s in surfaces[1:] if s != canonical and len(s) >= 2))
        entries.append({"name": canonical, "owner": to_simplified(row["owner"]), "aliases": aliases})
    return sorted(entries, key=lambda e: e["name"])


ORG_HEADER = """# Organisations from public registries, generated by tools/build_registry_gazetteers.py:
# do not edit by hand; change the script and run it again. {count} organisations.
# Sources (../shared/data/registries/README.md gives each one's upstream, date and caveats):
{sources}
# Names the hand-kept gazetteers have are left to them (`codes` gives them their stock
# codes); names that are also ordinary words are left out (they need context).
type: org
priority: 58  # below the hand-kept gazetteers (60), above the CLUENER-derived one (55)
entries_file: registry_orgs.tsv  # name, code, owner, aliases (|)
whole_words_below: 3  # 台泥, 联发: only as whole words of the segmenter, never inside others (胜一场)
examples:
  - text: 貴州茅台與寧德時代、五糧液發布年報，交通運輸部和財新網報道
    facts:
      - {{text: 貴州茅台, value: 贵州茅台}}
      - {{text: 寧德時代, value: 宁德时代}}
      - {{text: 五糧液, value: 五粮液}}
      - {{text: 交通運輸部, value: 交通运输部}}
      - {{text: 財新網, value: 财新}}
  - text: 農產品價格上漲，統一發票與大同小異
    facts: []
codes:
"""
PRODUCT_HEADER = """# Apps, platforms and AI products with their owners, generated by
# tools/build_registry_gazetteers.py from ../shared/data/registries/cn_apps_ai_products.csv
# (hand-compiled for the project; names are facts): do not edit by hand. {count} products.
# Products the hand-kept gazetteer has are left to it, and so are names the hand-kept
# organisations have (零一万物); a platform named as its own company (知乎) is left out.
type: product
priority: 58
entries_file: registry_products.tsv
examples:
  - text: 打開高德地圖導航，再到懂車帝看車
    facts:
      - {{text: 高德地圖, value: 高德地图, owner: 阿里巴巴}}
      - {{text: 懂車帝, value: 懂车帝, owner: 字节跳动}}
"""


def render(registries: Path) -> dict[Path, str]:
    import opencc

    to_simplified = opencc.OpenCC("t2s").convert
    segmenter = Segmenter()
    orgs, codes = build_orgs(registries, to_simplified, segmenter)
    products = build_products(registries, to_simplified, segmenter)
    sources = "\n".join(f"#   {file}: {what}" for file, what in ORG_FILES.items())
    code_lines = "".join(f"  {json.dumps(name, ensure_ascii=False)}: {code}\n" for name, code in codes.items())
    return {
        OUT / "registry_orgs.yaml": ORG_HEADER.format(count=len(orgs), sources=sources) + code_lines,
        OUT / "registry_orgs.tsv": table(orgs),
        OUT / "registry_products.yaml": PRODUCT_HEADER.format(count=len(products)),
        OUT / "registry_products.tsv": table(products),
    }


def main(argv: list[str]) -> int:
    folders = [a for a in argv if not a.startswith("--")]
    registries = Path(folders[0]) if folders else REGISTRIES
    return write_or_check(render(registries), __file__, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
