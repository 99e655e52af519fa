"""Linking: each money, percent and quantity fact tied to its subject, metric, period and modality
(../shared/RECORDS.md). `options` gathers what each field may be, with features; `scorer` weighs them with
the models of rules/models/records.json; `linker` is the loop; `phrases` finds the noun phrases."""

from .linker import Linker

__all__ = ["Linker"]
