"""What a run makes of its results: the tables (one sink class per format), the review pages and diffs."""
