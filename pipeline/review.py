"""Review pages: each article with its facts highlighted, and an index.

`output/review/index.html` lists the articles with their fact counts and
errors; `output/review/<doc_id>.html` shows the original text with every fact
marked by type (each type's colour and underline in `rules/types.yaml`: the
Okabe-Ito palette, which colour-blind readers can tell apart), the value and rule on
hover, and the facts table below. Everything from an article is escaped.
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

from .facttypes import FactTypes
from .model import Fact, Record
from .write import atomic_write

STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; line-height: 1.9; }
.article { white-space: pre-wrap; border: 1px solid #ccc; padding: 1em; }
mark.fact { background: none; border-bottom-width: 3px; padding: 0 1px; }
.legend span { margin-right: 1em; padding: 0 .3em; }
table { border-collapse: collapse; font-size: 90%; } td, th { border: 1px solid #ddd; padding: 2px 6px; }
.error { color: #b00; }
"""


def _type_style(types: FactTypes) -> str:
    return "\n".join(
        f"mark.fact.{t.name}, .legend .{t.name} {{ background-color: {t.colour}40; border-bottom: 3px {t.underline} {t.colour}; }}"
        for t in types.values()
    )


def _file_name(doc_id: str) -> str:
    """A doc_id made safe as a file name (JSON Lines ids may hold / or ..)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id).lstrip(".") or "_"


def _page(title: str, body: str, types: FactTypes) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<style>{STYLE}{_type_style(types)}</style></head><body>\n{body}\n</body></html>\n")


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
        out.append(f'<mark class="fact {html.escape(fact.type)}" id="{_fact_anchor(html.escape(fact.type), fact.start, fact.end)}" '
                   f'data-fact-id="{html.escape(fact.fact_id)}" '
                   f'title="{html.escape(" ".join(title.split()))}">')
        stack.append(end)
        pos = start
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _fact_anchor(kind: str, start: int, end: int) -> str:
    """An HTML id per fact (its type too: an organisation and a product may share a span)."""
    return f"{kind}-{start}-{end}"


def records_list(records: list[Record]) -> str:
    """Each record as a line a person reads (智谱 — revenue — 3亿元 — 2024), its number linked to its highlight."""
    if not records:
        return ""
    items = []
    for r in records:
        number = f'<a href="#{_fact_anchor(r.type, r.start, r.end)}">{html.escape(r.text)}</a>'
        parts = [html.escape(r.subject or "(no subject)"), html.escape(r.metric), number, html.escape(r.period or "—")]
        modality = "" if r.modality == "actual" else f" ({html.escape(r.modality)})"
        items.append(f"<li>{' — '.join(parts)}{modality}</li>")
    return f'<h2>{len(records)} records</h2><ol class="records">{"".join(items)}</ol>'


def article_page(doc_id: str, text: str, facts: list[Fact], types: FactTypes, records: list[Record] = ()) -> str:
    counts = Counter(f.type for f in facts)
    columns = ["type", "text", "value", "unit", "qualifier", "mod", "start", "end", "rule_id"]
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(getattr(f, c)))}</td>" for c in columns) + "</tr>"
        for f in facts
    )
    table = f"<table><tr>{''.join(f'<th>{c}</th>' for c in columns)}</tr>{rows}</table>"
    body = (f'<p><a href="index.html">all articles</a></p><h1>{html.escape(doc_id)}</h1>{_legend(counts, types)}'
            f'<div class="article">{highlight(text, facts)}</div>{records_list(list(records))}'
            f'<h2>{len(facts)} facts</h2>{table}')
    return _page(doc_id, body, types)


def index_page(documents: Iterable[Mapping[str, str]], types: FactTypes) -> str:
    """The index of the articles, from documents.csv's rows (as `csv.DictReader` reads them)."""
    rows = []
    for d in documents:
        name = html.escape(d["doc_id"])
        link = f'<a href="{html.escape(_file_name(d["doc_id"]))}.html">{name}</a>' if d["status"] != "error" else name
        error = f'<span class="error">{html.escape(d["error"])}</span>' if d["error"] else ""
        rows.append(f"<tr><td>{link}</td><td>{d['facts']}</td><td>{html.escape(d['status'])}</td><td>{error}</td></tr>")
    body = ('<h1>Articles</h1><p><a href="summary.html">money records by subject, metric and period</a></p>'
            "<table><tr><th>article</th><th>facts</th><th>status</th><th>error</th></tr>"
            + "".join(rows) + "</table>")
    return _page("Articles", body, types)


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
        links = ", ".join(f'<a href="{html.escape(_file_name(r["doc_id"]))}.html#{_fact_anchor("money", r["start"], r["end"])}">'
                          f'{html.escape(r["text"])}</a>' for r in members)
        rows.append(f"<tr><td>{html.escape(subject)}</td><td>{html.escape(metric)}</td><td>{html.escape(period)}</td>"
                    f"<td>{html.escape(unit)}</td><td>{links}</td></tr>")
    table = ("<table><tr><th>subject</th><th>metric</th><th>period</th><th>currency</th><th>amounts</th></tr>"
             + "".join(rows) + "</table>")
    body = (f'<p><a href="index.html">all articles</a></p><h1>Money records</h1>'
            f"<p>{len(money)} money records of {len(groups)} subject, metric, period and currency.</p>"
            f"{_bar_chart(money)}{table}")
    return _page("Money records", body, types)


def _bar_chart(money: list) -> str:
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
        label = f'{r["subject"] or "(no subject)"} · {r["metric"]} · {r["period"] or "—"}'
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end" font-size="12">{html.escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="#E69F00"/>'
                     f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 5}" font-size="12">{html.escape(r["text"])}</text>')
    height = len(largest) * (bar + gap)
    return (f"<h2>The {len(largest)} largest amounts in {html.escape(currency)}</h2>"
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + width + 160}" height="{height}">'
            + "".join(parts) + "</svg>")


def write_review_page(folder: Path, doc_id: str, text: str, facts: list[Fact], types: FactTypes,
                      records: list[Record] = ()) -> None:
    """The page of one article, with the facts extracted from it (rendered from the records:
    a pandas frame per article made a run with review pages 20 times slower)."""
    page = article_page(doc_id, text, facts, types, records)
    atomic_write(folder / f"{_file_name(doc_id)}.html", lambda p: p.write_text(page, encoding="utf-8"), durable=False)


def write_review_index(folder: Path, documents: Iterable[Mapping[str, str]], types: FactTypes,
                       records: Iterable[Mapping[str, str]] = ()) -> None:
    """The index of the articles, and the corpus's money records page beside it."""
    page = index_page(documents, types)
    atomic_write(folder / "index.html", lambda p: p.write_text(page, encoding="utf-8"))
    summary = summary_page(records, types)
    atomic_write(folder / "summary.html", lambda p: p.write_text(summary, encoding="utf-8"))
