"""Region stage: where an article is from (CN, TW, HK), which decides what a bare 元 means and which
names count."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..datatypes import REGION_CURRENCY, REGIONS

if TYPE_CHECKING:
    from ..ruleset.lexicon import Lexicon

_DOMAIN = regex.compile(r"^(?:https?://)?[^/\s]+\.(hk|tw)(?::\d+)?(?:/|$)")


def article_region(text: str, script: str, lexicon: Lexicon, meta: dict, encoding: str = "") -> tuple[str, str]:
    """Where the article is from, and what says so: the metadata's `region` (or the caller's: `region_source`
    says which), its source's domain (.hk, .tw), else the place its text names most; a Big5 file is from
    Taiwan (Big5-HKSCS: Hong Kong) unless its text names the other place more.

    Simplified text, and Traditional text with fewer than two Taiwan or Hong
    Kong markers (mainland news is often reposted in Traditional), is CN.
    """
    region = str(meta.get("region", "")).strip().upper()
    if region in REGION_CURRENCY:
        return region, str(meta.get("region_source", "metadata"))
    for key in ("source", "url"):
        domain = _DOMAIN.search(str(meta.get(key, "")))
        if domain:
            return {"hk": "HK", "tw": "TW"}[domain.group(1)], "source domain"
    big5 = encoding.startswith("big5")
    if script != "traditional" and not big5:
        return "CN", "script"
    counts = lexicon.place_counts(text)
    place, hits = max(counts.items(), key=lambda kv: kv[1], default=("CN", 0))
    if hits >= 2:
        return place, "text"
    if big5:
        return ("HK" if "hkscs" in encoding else "TW"), "encoding"
    return "CN", "text"


def region_meta(region: str | None, where: str) -> dict:
    """The metadata that says an article's region was given (`--region`, `region=`); {} for None."""
    if region is None:
        return {}
    if str(region).upper() not in REGIONS:
        raise ValueError(f"{where}: region {region!r} is not one of {', '.join(REGIONS)}")
    return {"region": str(region).upper(), "region_source": "argument"}
