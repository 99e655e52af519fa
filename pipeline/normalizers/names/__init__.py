"""Names: organisations, products and people, one module per concern, over the word helpers they share."""

from __future__ import annotations

from ..base import NormalizerTable
from . import gazetteer, model_vetoes, org_lists, org_places, orgs, people, products

NORMALIZERS = NormalizerTable()
for _module in (gazetteer, orgs, org_places, org_lists, people, products, model_vetoes):
    NORMALIZERS.update(_module.NORMALIZERS)
