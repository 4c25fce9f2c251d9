"""Claims: one proposition followed across statements, articles and outlets.

Pure parts, with no database: sentence vectors (``encoder``), the vector index behind one
small interface (``index``), the stance rules (``stance``) and the decision whether a
statement joins a claim or founds one (``assign``). ``store.claim_assignment`` runs them over stored
statements, incrementally, and keeps the result.
"""
