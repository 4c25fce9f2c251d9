"""placeholder"""
from spacy.tokens import Doc


def resolve_speakers(doc: Doc, candidates: list) -> tuple[list, list]:
    return [], []
