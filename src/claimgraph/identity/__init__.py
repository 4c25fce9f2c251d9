"""Identity: who a name is. Pure language work on names, no storage.

- :mod:`~claimgraph.identity.fold`: the one folding of names every part compares with;
- :mod:`~claimgraph.identity.names`: a name read into its parts (``parse_name``) and when
  one name is a fuller version of another (``covers``);
- :mod:`~claimgraph.identity.decide`: which known speaker a new name belongs to
  (``place``), which the store carries out (store.speakers).
"""
