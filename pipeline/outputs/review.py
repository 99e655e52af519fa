"""Review pages: each article with its facts highlighted, and an index.

`output/review/index.html` lists the articles (title, date, region, facts per
type, status, error), also sorted by date, title, facts and status
(`index-by-*.html`: static pages, no script); `output/review/<doc_id>.html`
shows what the article is (title, date, source, region), its original text
with every fact marked by type (each type's colour and underline style in
`rules/types.yaml`: colours of Paul Tol's muted palette, which readers with
deuteranopia or protanopia can tell apart, as tests/test_review_colours.py
checks), its records, and a table of its facts with values as a reader writes
them (2,637.09億, 2025年6月). Pages are tagged zh-Hans or zh-Hant, so Traditional
text is drawn with Traditional glyphs. Everything from an article is escaped.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..datatypes import DocumentResult, Fact, Record
from ..ruleset.fact_types import FactTypes
from ..storage import atomic_write

# Fonts by the page's language (Traditional glyphs for Traditional text), then any CJK font a machine may have.
STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
  "WenQuanYi Zen Hei", "Noto Sans CJK TC", "Droid Sans Fallback", sans-serif; margin: 2em auto; max-width: 72em; line-height: 1.9; }
:lang(zh-Hant) body { font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
  "Microsoft JhengHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; }
:lang(zh-Hant-HK) body { font-family: "Noto Sans CJK HK", "Noto Sans CJK TC", "PingFang HK",
  "Microsoft JhengHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", sans-serif; }
dl.about { display: grid; grid-template-columns: max-content auto; gap: 0 1em; margin: 0 0 1em; }
dl.about dt { color: #555; } dl.about dd { margin: 0; }
.article { white-space: pre-wrap; border: 1px solid #ccc; padding: 1em; }
mark.fact, .legend span { background: none; text-decoration-line: underline; text-decoration-thickness: 2px;
  text-underline-offset: 4px; text-decoration-skip-ink: none; }
mark.fact { padding: 0 1px; }
.legend span { margin-right: 1em; padding: 0 .3em; }
table { border-collapse: collapse; font-size: 90%; } td, th { border: 1px solid #ddd; padding: 2px 6px; }
.error { color: #b00; }
ol.records li.low { color: #999; }
"""


def _type_style(types: FactTypes) -> str:
    """Each type's tint and underline (text-decoration: a border has no wavy style)."""
    return "\n".join(
        f"mark.fact.{t.name}, .legend .{t.name} {{ background-color: {t.colour}40; "
        f"text-decoration-style: {t.underline}; text-decoration-color: {t.colour}; }}"
        for t in types.values()
    )


def _count(n: int, noun: str) -> str:
    """`1 article`, `2 articles`."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


# UTF-8 bytes of a doc_id in a page's file name: with the hash and a temporary name's additions, well under
# the 255 bytes of a file name.
FILE_NAME_BYTES = 120


def _file_name(doc_id: str) -> str:
    """A doc_id made safe as a file name (JSON Lines ids may hold / or .., or be a whole sentence): its letters,
    digits and `-_.`, at most FILE_NAME_BYTES of them, and a short hash of the id when anything was
    changed, so that two ids never share a page."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id).lstrip(".")
    safe = safe.encode("utf-8", "surrogatepass")[:FILE_NAME_BYTES].decode("utf-8", "ignore")
    if safe == doc_id:
        return safe
    return f"{safe}-{hashlib.sha256(doc_id.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _page(title: str, body: str, types: FactTypes, lang: str = "zh") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<style>{STYLE}{_type_style(types)}</style></head><body>\n{body}\n</body></html>\n"
    )


def _legend(counts: dict[str, int], types: FactTypes) -> str:
    items = "".join(f'<span class="{k}">{k} ({counts.get(k, 0)})</span>' for k in types)
    return f'<p class="legend">{items}</p>'


def highlight(text: str, facts: list[Fact]) -> str:
    """The text, escaped, with one <mark> per fact; a fact inside another is nested in it."""
    ordered = sorted(facts, key=lambda f: (f.start, -f.end))  # stable: ties keep the facts' order
    out: list[str] = []
    stack: list[int] = []  # ends of open marks
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text[pos:end]) + "</mark>")
            pos = end

    for fact in ordered:
        start, end = fact.start, fact.end
        close_until(start)
        start = max(start, pos)
        if stack:  # a fact that crosses the open one's end is drawn up to it
            end = min(end, stack[-1])
        out.append(html.escape(text[pos:start]))
        title = f"{fact.type}: {fact.value} {fact.unit} {fact.qualifier} {fact.mod} [{fact.rule_id}]"
        out.append(
            f'<mark class="fact {html.escape(fact.type)}" id="{_fact_anchor(html.escape(fact.type), fact.start, fact.end)}" '
            f'data-fact-id="{html.escape(fact.fact_id)}" '
            f'title="{html.escape(" ".join(title.split()))}">'
        )
        stack.append(end)
        pos = start
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _fact_anchor(kind: str, start: int, end: int) -> str:
    """An HTML id per fact (its type too: an organisation and a product may share a span)."""
    return f"{kind}-{start}-{end}"


# Records less sure than this are greyed (rules/models/records.md: about half of them are right above it).
LOW_CONFIDENCE = 0.2


def records_list(records: list[Record]) -> str:
    """Each record as a line a person reads (智谱 — revenue — 3亿元 — 2024 · 0.62), its number linked to its
    highlight, greyed when its confidence is low."""
    if not records:
        return ""
    items = []
    for r in records:
        number = f'<a href="#{_fact_anchor(r.type, r.start, r.end)}">{html.escape(r.text)}</a>'
        parts = [html.escape(r.subject or "(no subject)"), html.escape(r.metric), number, html.escape(r.period or "—")]
        modality = "" if r.modality == "actual" else f" ({html.escape(r.modality)})"
        low = ' class="low" title="low confidence"' if r.confidence < LOW_CONFIDENCE else ""
        items.append(f"<li{low}>{' — '.join(parts)}{modality} · {r.confidence:.2f}</li>")
    return f'<h2>{_count(len(records), "record")}</h2><ol class="records">{"".join(items)}</ol>'


# What a reviewer reads in the facts table, beside the highlighted text (no hovering needed).
FACT_TABLE = [
    "type",
    "text",
    "shown",
    "unit",
    "qualifier",
    "mod",
    "per",
    "direction",
    "owner",
    "sentence",
    "rule_id",
    "start",
    "end",
]
FACT_HEADINGS = {"shown": "value", "rule_id": "rule", "start": "from", "end": "to"}


_PERCENT_SUFFIX = {"%": "%", "pp": " pp", "times": "×"}


def _trimmed(number: float) -> str:
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def display_value(fact: Fact, traditional: bool = False) -> str:
    """A fact's value as a reader writes it: 2,637.09億 (a money value in yuan of its currency), 33.9%,
    2025年6月; the raw value where it has no plain reading (a range, a code)."""
    value = fact.value
    try:
        if fact.type == "money":
            amount = float(value)
            for size, (hant, hans) in ((1e8, ("億", "亿")), (1e4, ("萬", "万"))):
                if abs(amount) >= size:
                    return _trimmed(amount / size) + (hant if traditional else hans)
            return _trimmed(amount)
        if fact.type == "percent":  # 5 pp is a change of five points, not of 5 %
            return _trimmed(float(value)) + _PERCENT_SUFFIX.get(fact.unit, "")
        if fact.type == "quantity":
            return _trimmed(float(value))
    except ValueError:
        return value
    if fact.type == "date":
        return _DATE_SHAPES.get(_date_shape(value), lambda parts: value)(value.split("-"))
    return value


def _date_shape(value: str) -> str:
    return "-".join("9" * len(part) if part.isdigit() else part for part in value.split("-"))


_DATE_SHAPES = {
    "9999": lambda p: f"{p[0]}年",
    "9999-99": lambda p: f"{p[0]}年{int(p[1])}月",
    "9999-99-99": lambda p: f"{p[0]}年{int(p[1])}月{int(p[2])}日",
    "9999-H1": lambda p: f"{p[0]}年上半年",
    "9999-H2": lambda p: f"{p[0]}年下半年",
    **{f"9999-Q{q}": (lambda p, q=q: f"{p[0]}年第{q}季度") for q in range(1, 5)},
}


def _about(result: DocumentResult) -> str:
    """What a reviewer checks first: the title, and the article's date, source, region and script."""
    date = f"{result.reference_date} ({result.reference_date_source})" if result.reference_date else "no date"
    details = [
        ("date", date),
        ("source", result.source or "not given"),
        ("region", f"{result.region} ({result.region_source})" if result.region else "not known"),
        ("script", result.script),
        ("file", result.path),
    ]
    items = "".join(f"<dt>{name}</dt><dd>{html.escape(value)}</dd>" for name, value in details)
    return f'<h1>{html.escape(result.title or result.doc_id)}</h1><dl class="about">{items}</dl>'


def article_page(result: DocumentResult, text: str, types: FactTypes) -> str:
    """The page of one article: what it is, its text with every fact marked, its records, and its facts."""
    facts, traditional = result.facts, result.script == "traditional"
    counts = Counter(f.type for f in facts)
    rows = []
    for f in facts:
        cells = {c: display_value(f, traditional) if c == "shown" else str(getattr(f, c)) for c in FACT_TABLE}
        anchor = _fact_anchor(f.type, f.start, f.end)
        cells["text"] = f'<a href="#{html.escape(anchor)}">{html.escape(cells["text"])}</a>'
        rows.append(
            "<tr>"
            + "".join(f"<td>{cells[c] if c == 'text' else html.escape(cells[c])}</td>" for c in FACT_TABLE)
            + "</tr>"
        )
    table = (
        f"<table><tr>{''.join(f'<th>{FACT_HEADINGS.get(c, c)}</th>' for c in FACT_TABLE)}</tr>{''.join(rows)}</table>"
    )
    body = (
        f'<p><a href="index.html">all articles</a> · {html.escape(result.doc_id)}</p>{_about(result)}'
        f'{_legend(counts, types)}<div class="article">{highlight(text, facts)}</div>'
        f"{records_list(list(result.records))}<h2>{_count(len(facts), 'fact')}</h2>{table}"
    )
    return _page(result.title or result.doc_id, body, types, _lang(result.script, result.region))


def _lang(script: str, region: str) -> str:
    """The page's language tag: the script picks the fonts a browser uses for the same characters."""
    if script == "traditional":
        return "zh-Hant-HK" if region == "HK" else "zh-Hant-TW"
    return "zh-Hans"


# The index can be read in these orders, each a static page (no script runs in these pages).
INDEX_ORDERS = {
    "index.html": ("input order", None),
    "index-by-date.html": ("date", lambda d: (d["reference_date"] or "9999", d["doc_id"])),
    "index-by-title.html": ("title", lambda d: (d["title"] or d["doc_id"], d["doc_id"])),
    "index-by-facts.html": ("facts", lambda d: (-int(d["facts"] or 0), d["doc_id"])),
    "index-by-status.html": ("status", lambda d: ({"error": 0, "warning": 1}.get(d["status"], 2), d["doc_id"])),
}


def index_pages(documents: Iterable[Mapping[str, str]], types: FactTypes) -> dict[str, str]:
    """The index of the articles, from documents.csv's rows (as `csv.DictReader` reads them), once per order."""
    documents = list(documents)
    pages = {}
    for name, (order, key) in INDEX_ORDERS.items():
        ordered = sorted(documents, key=key) if key else documents
        links = " · ".join(
            f"<b>{label}</b>" if other == name else f'<a href="{other}">{label}</a>'
            for other, (label, _) in INDEX_ORDERS.items()
        )
        rows = "".join(_index_row(d) for d in ordered)
        body = (
            f'<h1>{_count(len(documents), "article")}</h1><p><a href="summary.html">money records by subject, metric and '
            f"period</a></p><p>sorted by: {links}</p><table><tr><th>article</th><th>title</th><th>date</th>"
            f"<th>region</th><th>facts</th><th>by type</th><th>status</th><th>error</th></tr>{rows}</table>"
        )
        pages[name] = _page(f"Articles by {order}", body, types)
    return pages


def _index_row(d: Mapping[str, str]) -> str:
    name = html.escape(d["doc_id"])
    link = f'<a href="{html.escape(_file_name(d["doc_id"]))}.html">{name}</a>' if d["status"] != "error" else name
    error = f'<span class="error">{html.escape(d["error"])}</span>' if d["error"] else ""
    cells = [
        link,
        html.escape(d["title"]),
        html.escape(d["reference_date"]),
        html.escape(d["region"]),
        html.escape(d["facts"]),
        html.escape(d["fact_counts"]),
        html.escape(d["status"]),
        error,
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


CHART_BARS = 20  # the largest amounts drawn


def summary_page(records: Iterable[Mapping[str, str]], types: FactTypes) -> str:
    """The corpus's money records: per subject, by metric and period (a table), and a plain SVG bar chart of
    the largest amounts of the most common currency (bars of different currencies would not compare)."""
    money = [r for r in records if r["type"] == "money" and r["value"]]
    groups: dict[tuple, list] = {}
    for r in money:
        groups.setdefault((r["subject"] or "(no subject)", r["metric"], r["period"], r["unit"]), []).append(r)
    rows = []
    for (subject, metric, period, unit), members in sorted(groups.items()):
        links = ", ".join(
            f'<a href="{html.escape(_file_name(r["doc_id"]))}.html#{_fact_anchor("money", r["start"], r["end"])}">'
            f"{html.escape(r['text'])}</a>"
            for r in members
        )
        rows.append(
            f"<tr><td>{html.escape(subject)}</td><td>{html.escape(metric)}</td><td>{html.escape(period)}</td>"
            f"<td>{html.escape(unit)}</td><td>{links}</td></tr>"
        )
    table = (
        "<table><tr><th>subject</th><th>metric</th><th>period</th><th>currency</th><th>amounts</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    body = (
        f'<p><a href="index.html">all articles</a></p><h1>Money records</h1>'
        f"<p>{_count(len(money), 'money record')} in {_count(len(groups), 'group')} of subject, metric, period "
        "and currency.</p>"
        f"{_bar_chart(money, types['money'].colour if 'money' in types else '#999999')}{table}"
    )
    return _page("Money records", body, types)


def _bar_chart(money: list, colour: str) -> str:
    if not money:
        return ""
    currency = Counter(r["unit"] for r in money).most_common(1)[0][0]
    largest = sorted((r for r in money if r["unit"] == currency), key=lambda r: -float(r["value"]))[:CHART_BARS]
    top = float(largest[0]["value"]) or 1.0
    bar, gap, label_width, width = 18, 6, 260, 400
    parts = []
    for i, r in enumerate(largest):
        y = i * (bar + gap)
        length = max(1.0, width * float(r["value"]) / top)
        label = f"{r['subject'] or '(no subject)'} · {r['metric']} · {r['period'] or '—'}"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end" font-size="12">{html.escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 5}" font-size="12">{html.escape(r["text"])}</text>'
        )
    height = len(largest) * (bar + gap)
    return (
        f"<h2>The {_count(len(largest), 'largest amount').removeprefix('1 ')} in {html.escape(currency)}</h2>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + width + 160}" height="{height}">'
        + "".join(parts)
        + "</svg>"
    )


def write_review_page(folder: Path, result: DocumentResult, text: str, types: FactTypes) -> None:
    """The page of one article, with the facts and records extracted from it (rendered from the objects:
    a pandas frame per article made a run with review pages 20 times slower)."""
    page = article_page(result, text, types)
    atomic_write(
        folder / f"{_file_name(result.doc_id)}.html", lambda p: p.write_text(page, encoding="utf-8"), durable=False
    )


def write_review_index(
    folder: Path, documents: Iterable[Mapping[str, str]], types: FactTypes, records: Iterable[Mapping[str, str]] = ()
) -> None:
    """The index of the articles, and the corpus's money records page beside it."""
    for name, page in index_pages(documents, types).items():  # the other orders are copies: not flushed
        atomic_write(
            folder / name, lambda p, page=page: p.write_text(page, encoding="utf-8"), durable=name == "index.html"
        )
    summary = summary_page(records, types)
    atomic_write(folder / "summary.html", lambda p: p.write_text(summary, encoding="utf-8"))
