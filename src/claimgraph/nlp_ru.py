"""Russian text as a spaCy ``Doc``, parsed by natasha (razdel, slovnet, navec; models inside
the wheels): tokens and sentences from razdel, morphology and a Universal Dependencies parse
from slovnet, PER/ORG/LOC entities, lemmas from pymorphy, and names in the nominative.

The parse is set on spaCy tokens (``pos_``, ``morph``, ``lemma_``, ``head``/``dep_``,
``doc.ents``) so the Russian statement finder reads the same kind of ``Doc`` as the English
one, and the results survive ``Doc.to_bytes`` like the English pipeline's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, POS, SENT_START
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

# natasha's entity types as the labels the records use (model.Entity.type).
ENTITY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


class RazdelTokenizer:
    """razdel's tokens as a spaCy ``Doc``; runs of whitespace other than one space become
    whitespace tokens (spaCy's convention), so ``doc.text`` is the input text."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        import razdel

        words: list[str] = []
        spaces: list[bool] = []
        at = 0
        for token in razdel.tokenize(text):
            gap = text[at : token.start]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:
                words.append(gap)
                spaces.append(False)
            words.append(token.text)
            spaces.append(False)
            at = token.stop
        if at < len(text):
            words.append(text[at:])
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        """Nothing to save: razdel's rules ship in its package."""

    def from_disk(self, path: Any, **kwargs: Any) -> RazdelTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> RazdelTokenizer:
        return self


@dataclass(frozen=True)
class NatashaToken:
    """A token as natasha's name normaliser reads it."""

    id: str
    head_id: str
    text: str
    pos: str
    feats: dict[str, str]
    start: int
    stop: int


@lru_cache(maxsize=1)
def models() -> tuple[Any, Any, Any, Any]:
    """natasha's news models (morphology, syntax, NER) and the pymorphy vocabulary, once."""
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    return NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding), MorphVocab()


def sentence_starts(doc: Doc) -> list[int]:
    """Token indexes where sentences start: razdel's sentences, and every line break."""
    import razdel

    starts = {0}
    by_char = {token.idx: token.i for token in doc if not token.is_space}
    for sent in razdel.sentenize(doc.text):
        if sent.start in by_char:
            starts.add(by_char[sent.start])
    for token in doc:
        if token.is_space and "\n" in token.text and token.i + 1 < len(doc):
            starts.add(token.i + 1)
    return sorted(starts)


class RussianParser:
    """``claimgraph_ru_parse``: sentences, morphology, lemmas, dependencies and entities."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._parse(batch)
                batch = []
        yield from self._parse(batch)

    def _parse(self, docs: list[Doc]) -> list[Doc]:
        if not docs:
            return docs
        morph, syntax, ner, vocab = models()
        chunks: list[list[Token]] = []
        for doc in docs:
            starts = sentence_starts(doc) + [len(doc)]
            for a, b in zip(starts, starts[1:], strict=False):
                words = [t for t in doc[a:b] if not t.is_space]
                if words:
                    chunks.append(words)
        texts = [[t.text for t in chunk] for chunk in chunks]
        sent_start = {chunk[0] for chunk in chunks}
        for chunk, tags, tree in zip(chunks, morph.map(texts), syntax.map(texts), strict=True):
            root: Token | None = None
            for token, tag, arc in zip(chunk, tags.tokens, tree.tokens, strict=True):
                token.pos_ = tag.pos
                token.set_morph("|".join(f"{k}={v}" for k, v in tag.feats.items()) or None)
                token.lemma_ = lemma(vocab, token.text, tag.pos, tuple(tag.feats.items()))
                head = int(arc.head_id)
                token.dep_ = arc.rel
                token._.ru_head = chunk[head - 1].i if head else token.i
                if not head:
                    root = root or token
            for token in chunk:
                # the parser may give a sentence a second root; spaCy would cut the
                # sentence there, so it hangs on the first as a parataxis
                if token._.ru_head == token.i and root is not None and token is not root:
                    token._.ru_head, token.dep_ = root.i, "parataxis"
            if root is not None:
                break_cycles(chunk, root)
        for doc in docs:
            self._set_tree(doc, sent_start)
        for doc, markup in zip(docs, ner.map([doc.text for doc in docs]), strict=True):
            spans = [
                doc.char_span(
                    s.start, s.stop, label=ENTITY_LABELS.get(s.type, s.type), alignment_mode="expand"
                )
                for s in markup.spans
            ]
            doc.ents = [s for s in spans if s is not None]
        return docs

    @staticmethod
    def _set_tree(doc: Doc, sent_start: set[Token]) -> None:
        """Heads, dependencies and sentence starts in one ``from_array`` (spaCy's way to set a
        whole parse); whitespace tokens hang on the token before them."""
        rows = []
        for token in doc:
            if token.is_space:
                head, dep, start = (token.i - 1, "dep", False) if token.i else (0, "ROOT", True)
            else:
                head = token._.ru_head
                dep = "ROOT" if head == token.i else token.dep_
                start = token in sent_start
            rows.append(
                [
                    (head - token.i) & _U64,
                    doc.vocab.strings.add(dep),
                    token.pos,
                    token.lemma,
                    1 if start else _U64,
                ]
            )  # -1 as uint64: "not a start"
        doc.from_array([HEAD, DEP, POS, LEMMA, SENT_START], numpy.array(rows, dtype=numpy.uint64))


_U64 = 2**64 - 1


def break_cycles(chunk: list[Token], root: Token) -> None:
    """Hang on the root any token whose chain of heads never reaches it (the parser can
    return a cycle, which would make spaCy's subtrees recurse for ever)."""
    heads = {t.i: t._.ru_head for t in chunk}
    for token in chunk:
        seen = set()
        at = token.i
        while at != root.i and at not in seen:
            seen.add(at)
            at = heads[at]
        if at != root.i:
            token._.ru_head, token.dep_ = root.i, "dep"
            heads[token.i] = root.i


@lru_cache(maxsize=50_000)
def lemma(vocab: Any, word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    """pymorphy's lemma for the tagged form (lower case, "ё" as "е"); punctuation as is."""
    if pos in ("PUNCT", "NUM", "SYM", "X"):
        return word.lower()
    if pos == "ADJ" and ("Variant", "Short") in feats:
        # a short form used as an adjective ("уверена", "убеждены") has the full adjective's
        # lemma ("уверенный"), as "уверен" gets already, not its verb's ("уверить")
        full = short_participle_adjective(vocab, word)
        if full:
            return full
    return str(vocab.lemmatize(word, pos, dict(feats)))


def short_participle_adjective(vocab: Any, word: str) -> str | None:
    """The full form (masculine nominative) of a short passive participle, or None."""
    from pymorphy2.analyzer import Parse as PymorphyParse

    for parse in vocab.parse(word):
        if "PRTS" in parse.tag:
            # natasha's parse takes UD features; its pymorphy base takes OpenCorpora grams
            full = PymorphyParse.inflect(parse, {"PRTF", "masc", "sing", "nomn"})
            return str(full.word).replace("ё", "е") if full else None
    return None


def normal_name(span: Span) -> str:
    """An entity's name in the nominative ("Владимира Путина" -> "Владимир Путин")."""
    from natasha.norm import normalize, syntax_normalize

    vocab = models()[3]
    tokens = [
        NatashaToken(str(t.i), str(t.head.i), t.text, t.pos_, t.morph.to_dict(), t.idx, t.idx + len(t.text))
        for t in span
    ]
    method = syntax_normalize if span.label_ == "ORG" else normalize
    return str(method(vocab, tokens))


if not Token.has_extension("ru_head"):
    Token.set_extension("ru_head", default=None)
