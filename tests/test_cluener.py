"""Organisations on CLUENER2020 dev (../shared/data/cluener/dev.jsonl: real news sentences, Simplified).

Reports span-overlap recall of the company, organization and government
labels (each and together), and the share of our org facts that overlap any
CLUENER label (its labels are known to miss entities, so this share is a
lower bound on precision). rules/gazetteer/cluener_orgs.yaml is built from the
train split only (tools/build_cluener_gazetteer.py), never from dev.
"""
import json

from conftest import SHARED
from pipeline.extract import extract_article
from pipeline.model import Article

ORG_LABELS = ("company", "organization", "government")
RECALL_FLOOR = 0.60
SHARE_FLOOR = 0.70


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def test_cluener_dev_recall_and_share(rules):
    rows = [json.loads(line) for line in (SHARED / "data/cluener/dev.jsonl").read_text(encoding="utf-8").splitlines()]
    found = dict.fromkeys(ORG_LABELS, 0)
    total = dict.fromkeys(ORG_LABELS, 0)
    ours = ours_on_label = 0
    for row in rows:
        facts = [f for f in extract_article(Article("cluener", row["text"]), rules).facts if f.type == "org"]
        spans = {label: [(s, e + 1) for starts in names.values() for s, e in starts]
                 for label, names in row["label"].items()}
        for label in ORG_LABELS:
            for s, e in spans.get(label, []):
                total[label] += 1
                found[label] += any(overlaps(f.start, f.end, s, e) for f in facts)
        every_span = [span for label_spans in spans.values() for span in label_spans]
        for f in facts:
            ours += 1
            ours_on_label += any(overlaps(f.start, f.end, s, e) for s, e in every_span)
    print()
    for label in ORG_LABELS:
        print(f"CLUENER dev {label:<12} recall {found[label] / total[label]:.3f} ({found[label]}/{total[label]})")
    recall = sum(found.values()) / sum(total.values())
    share = ours_on_label / ours
    print(f"CLUENER dev all three   recall {recall:.3f}; share of our {ours} org facts on a CLUENER label {share:.3f}")
    assert recall >= RECALL_FLOOR
    assert share >= SHARE_FLOOR
