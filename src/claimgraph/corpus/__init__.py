"""The corpus run (``claimgraph ingest``): readers -> analysis -> store, on one machine or a
Dask cluster. ``run`` is the loop, ``work`` what a worker does with a chunk, ``local`` the
workers of this machine, ``cluster`` Dask's (imported only when asked for)."""

from claimgraph.corpus.run import IngestReport, Workers, ingest
from claimgraph.corpus.work import ChunkReport

__all__ = ["ChunkReport", "IngestReport", "Workers", "ingest"]
