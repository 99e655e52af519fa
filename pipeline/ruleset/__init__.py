"""A rules folder loaded into a `RuleSet`: rule files, fact types, word lists, macros, gazetteers, the names
model and the checks made on load."""
