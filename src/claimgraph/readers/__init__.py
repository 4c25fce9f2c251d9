"""Readers: articles from files, folders, stdin, URLs and corpora, as text plus metadata.

The first stage of the pipeline; it imports nothing of claimgraph's but the records
(``claimgraph.model``). ``formats`` is the one registry of input formats.
"""
