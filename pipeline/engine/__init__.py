"""Engines that run a corpus: in this process or worker processes, or on a Dask cluster, with a per-article cache."""
