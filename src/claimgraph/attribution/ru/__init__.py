"""Statements in Russian text parsed by natasha (claimgraph.nlp_ru)."""
