"""Review pages: each article with its facts highlighted, and an index.

`output/review/index.html` lists the articles with their fact counts and
errors; `output/review/<doc_id>.html` shows the original text with every fact
marked by type (colours from the Okabe-Ito palette, which colour-blind readers
can tell apart, plus a distinct underline per type), the value and rule on
hover, and the facts table below. Everything from an article is escaped.
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

from .model import Fact
from .write import atomic_write

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
COLOURS = {
    "money": ("#E69F00", "solid"), "percent": ("#56B4E9", "double"), "date": ("#009E73", "dotted"),
    "org": ("#F0E442", "solid"), "product": ("#CC79A7", "dashed"), "quantity": ("#0072B2", "wavy"),
    "person": ("#D55E00", "double"),
}
STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em; line-height: 1.9; }
.article { white-space: pre-wrap; border: 1px solid #ccc; padding: 1em; }
mark.fact { background: none; border-bottom-width: 3px; padding: 0 1px; }
.legend span { margin-right: 1em; padding: 0 .3em; }
table { border-collapse: collapse; font-size: 90%; } td, th { border: 1px solid #ddd; padding: 2px 6px; }
.error { color: #b00; }
""" + "\n".join(
    f"mark.fact.{kind}, .legend .{kind} {{ background-color: {colour}40; border-bottom: 3px {line} {colour}; }}"
    for kind, (colour, line) in COLOURS.items()
)


def _file_name(doc_id: str) -> str:
    """A doc_id made safe as a file name (JSON Lines ids may hold / or ..)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id).lstrip(".") or "_"


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _legend(counts: dict[str, int]) -> str:
    items = "".join(f'<span class="{k}">{k} ({counts.get(k, 0)})</span>' for k in COLOURS)
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
        out.append(f'<mark class="fact {html.escape(fact.type)}" data-fact-id="{html.escape(fact.fact_id)}" '
                   f'title="{html.escape(" ".join(title.split()))}">')
        stack.append(end)
        pos = start
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    return "".join(out)


def article_page(doc_id: str, text: str, facts: list[Fact]) -> str:
    counts = Counter(f.type for f in facts)
    columns = ["type", "text", "value", "unit", "qualifier", "mod", "start", "end", "rule_id"]
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(getattr(f, c)))}</td>" for c in columns) + "</tr>"
        for f in facts
    )
    table = f"<table><tr>{''.join(f'<th>{c}</th>' for c in columns)}</tr>{rows}</table>"
    body = (f'<p><a href="index.html">all articles</a></p><h1>{html.escape(doc_id)}</h1>{_legend(counts)}'
            f'<div class="article">{highlight(text, facts)}</div><h2>{len(facts)} facts</h2>{table}')
    return _page(doc_id, body)


def index_page(documents: Iterable[Mapping[str, str]]) -> str:
    """The index of the articles, from documents.csv's rows (as `csv.DictReader` reads them)."""
    rows = []
    for d in documents:
        name = html.escape(d["doc_id"])
        link = f'<a href="{html.escape(_file_name(d["doc_id"]))}.html">{name}</a>' if d["status"] != "error" else name
        error = f'<span class="error">{html.escape(d["error"])}</span>' if d["error"] else ""
        rows.append(f"<tr><td>{link}</td><td>{d['facts']}</td><td>{html.escape(d['status'])}</td><td>{error}</td></tr>")
    body = ("<h1>Articles</h1><table><tr><th>article</th><th>facts</th><th>status</th><th>error</th></tr>"
            + "".join(rows) + "</table>")
    return _page("Articles", body)


def write_review_page(folder: Path, doc_id: str, text: str, facts: list[Fact]) -> None:
    """The page of one article, with the facts extracted from it (rendered from the records:
    a pandas frame per article made a run with review pages 20 times slower)."""
    page = article_page(doc_id, text, facts)
    atomic_write(folder / f"{_file_name(doc_id)}.html", lambda p: p.write_text(page, encoding="utf-8"), durable=False)


def write_review_index(folder: Path, documents: Iterable[Mapping[str, str]]) -> None:
    page = index_page(documents)
    atomic_write(folder / "index.html", lambda p: p.write_text(page, encoding="utf-8"))
