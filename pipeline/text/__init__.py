"""Text transforms that need no rules: width folding, Traditional to Simplified with an offset map, sentences and
words."""
