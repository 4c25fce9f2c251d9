"""The grammar of one content: its main clause's subjects and objects, for ``role``.

Asked per word, never built over the whole content: a word's role is read from the few
words between it and the clause's verb (its noun phrase, the verb's chain of
coordinated verbs and complements), so that a long content costs nothing more per
word asked."""

from __future__ import annotations

from spacy.tokens import Token

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj", "attr", "oprd"})
# Dependencies inside a noun phrase: a word so attached shares its head's role ("the
# company's offer"); one inside a prepositional phrase ("the detention of X in Y") does not.
_NP_INTERNAL = frozenset(
    {"compound", "poss", "conj", "appos", "nmod", "amod", "det", "case", "nummod", "quantmod", "flat", "cc",
     "predet"}
)


class Clause:
    """The words ``start`` to ``end`` (token indices, end excluded; spaces are outside)."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end

    def inside(self, token: Token) -> bool:
        return self.start <= token.i < self.end and not token.is_space

    def _is_head(self, token: Token) -> bool:
        """A word of the content whose head is outside it: the content's own roots."""
        head = token.head
        return self.inside(token) and not token.is_punct and (head.i == token.i or not self.inside(head))

    def _in_verb_group(self, verb: Token) -> bool:
        """The verb is a root verb of the content or one coordinated with it or its
        complement ("would seek to exchange")."""
        current = verb
        while True:
            if current.pos_ not in ("VERB", "AUX"):
                return False
            if self._is_head(current):
                return True
            if current.dep_ not in ("conj", "xcomp") or current.head.i == current.i:
                return False
            current = current.head

    def _is_subject(self, token: Token) -> bool:
        if self._is_head(token) and token.pos_ in ("NOUN", "PROPN", "PRON"):
            return True  # the content is a noun phrase: what it speaks of
        return token.dep_ in _SUBJECT_DEPS and self._in_verb_group(token.head)

    def _is_object(self, token: Token) -> bool:
        if token.dep_ in _SUBJECT_DEPS:
            return False
        if token.dep_ in _OBJECT_DEPS:
            return self._in_verb_group(token.head)
        prep = token.head
        return (token.dep_ == "pobj" and prep.dep_ in ("prep", "agent") and prep.head.i != prep.i
                and self._in_verb_group(prep.head))

    def role(self, token: Token) -> str:
        """subject, object or other: the noun phrase the token heads or modifies decides."""
        current = token
        while True:
            if self._is_subject(current):
                return "subject"
            if self._is_object(current):
                return "object"
            head = current.head
            if head.i == current.i or not self.inside(head) or current.dep_ not in _NP_INTERNAL:
                return "other"
            current = head
