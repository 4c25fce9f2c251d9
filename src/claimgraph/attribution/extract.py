"""placeholder"""
from spacy.tokens import Doc


def extract_statements(doc: Doc) -> list:
    return []
