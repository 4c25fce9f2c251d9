"""Speaker resolution: from the words naming a speaker to the entity they refer to.

No coreference model works offline here, so this is a small rule system that is
measured on annotated news (scripts/evaluate.py):

* a name, or a phrase holding one ("A key aide ..., Mikhail Podoliak") -> that entity;
* a pronoun ("he", "she", "they", "it") -> the most salient compatible entity
  looking back sentence by sentence: the speaker of a statement there first,
  then the sentence subject, then the latest mention;
* a role noun ("the diplomat", "the ministry", "the 54-year-old") -> the latest
  entity with that title, else the most salient person (or organisation);
* an unnamed spokesperson or official of a named organisation ("a Skyvale Airlines
  spokeswoman", "company officials") -> the organisation (the phrase stays the mention);
* a document ("a report by X", "Trump's tweet") -> its author, or nobody;
* any other noun phrase that denotes people ("Western nations", "officials") -> a GROUP
  entity; one that does not ("brain cancer", "the controversial comment") -> nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.attribution.extract import Candidate
from claimgraph.model import Entity, Speaker, Statement
from claimgraph.model import Span as TextSpan
from claimgraph.nlp import first_name_gender
from claimgraph.resources import country_words, data_lines, honorifics, organisation_words
from claimgraph.speakers.check import speaker_reason
from claimgraph.speakers.entities import EntityTable, build_entities, campaign_nouns, role_nouns
from claimgraph.speakers.people import people_reason, representative_nouns

LOOKBACK_SENTENCES = 3
_AGE_NOUN = re.compile(r"\b\d+-year-old\b")
_MENTION_EXCLUDED = ("relcl", "appos", "punct", "cc", "conj", "advcl")


@dataclass(frozen=True)
class Pronoun:
    gender: str
    number: str


@lru_cache(maxsize=1)
def pronouns() -> dict[str, Pronoun]:
    table = {}
    for line in data_lines("pronouns.tsv"):
        word, gender, number = line.split("\t")
        table[word] = Pronoun(gender, number)
    return table


def mention_tokens(subject: Token) -> list[Token]:
    """The compact noun phrase around ``subject``: no relative clauses or appositions."""
    keep = {subject.i}
    for child in subject.children:
        if child.dep_ in _MENTION_EXCLUDED:
            continue
        keep.update(t.i for t in child.subtree)
    lo, hi = min(keep), max(keep)
    tokens = list(subject.doc[lo : hi + 1])
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens or [subject]


def _person_tagged_as_org(entity: Entity, speakers: set[str]) -> bool:
    words = entity.name.split()
    return (
        entity.type == "ORG"
        and entity.id in speakers
        and len(words) == 1
        and not entity.name.isupper()
        and entity.name.lower() not in organisation_words()
    )


_QUANTITY_NOUNS = {"hundreds", "thousands", "dozens", "millions", "scores", "tens"}


def _quantified(token: Token) -> Token:
    """ "farmers" for "Hundreds of farmers"."""
    if token.lower_ in _QUANTITY_NOUNS:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return token


def _text_span(text: str, tokens: list[Token]) -> TextSpan:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return TextSpan(text[start:end], start, end)


class Resolver:
    def __init__(self, doc: Doc, table: EntityTable):
        self.doc = doc
        self.table = table
        self.sents = list(doc.sents)
        self.sent_index = {s.start: i for i, s in enumerate(self.sents)}
        # (char offset, entity) of each statement's speaker, as resolved so far.
        self.spoken: list[tuple[int, Entity]] = []
        # Subject pronouns resolved in document order, so that "She ... . She said" chains.
        self.subject_pronouns: dict[int, Entity | None] = {}
        for token in doc:
            if token.dep_ == "nsubj" and token.lower_ in ("he", "she"):
                self.subject_pronouns[token.i] = self.pronoun(
                    token, pronouns()[token.lower_], (token.idx, token.idx)
                )

    def sentence_no(self, token: Token) -> int:
        return self.sent_index.get(token.sent.start, 0)

    # -- salience -------------------------------------------------------------------------
    def _in_sentence(self, k: int, before: int, content: tuple[int, int], accept) -> Entity | None:  # type: ignore[no-untyped-def]
        sent: Span = self.sents[k]
        lo, hi = sent.start_char, min(sent.end_char, before)
        speakers = [e for pos, e in self.spoken if lo <= pos < hi and accept(e)]
        if speakers:
            return speakers[-1]
        subjects, mentions = [], []
        for token in sent:
            if token.idx >= hi:
                break
            if content[0] <= token.idx < content[1]:
                continue
            entity = self.table.by_token.get(token.i) or self.subject_pronouns.get(token.i)
            if entity is None or not accept(entity):
                continue
            mentions.append(entity)
            if token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in ("nsubj", "nsubjpass"):
                subjects.append(entity)
        if subjects:
            return subjects[0]
        return mentions[-1] if mentions else None

    def salient(self, token: Token, content: tuple[int, int], accept) -> Entity | None:  # type: ignore[no-untyped-def]
        k = self.sentence_no(token)
        for j in range(k, max(-1, k - LOOKBACK_SENTENCES - 1), -1):
            found = self._in_sentence(j, token.idx, content, accept)
            if found is not None:
                return found
        return None

    # -- one speaker ----------------------------------------------------------------------
    def resolve(self, subject: Token, content: tuple[int, int]) -> tuple[Entity | None, list[Token]]:
        tokens = mention_tokens(subject)
        campaign = self.campaign(subject, content)
        if campaign is not None:
            return campaign, tokens
        entity = self.table.by_token.get(subject.i)
        if entity is not None:
            span = [t for t in tokens if self.table.by_token.get(t.i) is entity] or tokens
            return entity, span
        # "a statement from the ministry", "a report by the UN", "Trump's tweet": the
        # document's author speaks; a document nobody is named for has no speaker.
        if role_nouns().get(subject.lemma_.lower()) == "document":
            return self.author(subject, content), tokens
        # "A key aide to the Ukrainian leader, Mikhail Podoliak, said": the name in
        # apposition (the parser may hang it on the nearest noun) is the speaker.
        for token in subject.subtree:
            if token.dep_ == "appos" and token.i > subject.i:
                named = self.table.by_token.get(token.i)
                if named is not None and named.type in ("PERSON", "ORG"):
                    span = [t for t in token.subtree if self.table.by_token.get(t.i) is named]
                    return named, span
        principal = self.principal(subject, content)
        if principal is not None:
            return principal, tokens
        word = subject.lower_
        if word in pronouns():
            return self.pronoun(subject, pronouns()[word], content), [subject]
        role = role_nouns().get(subject.lemma_.lower()) or role_nouns().get(word)
        phrase = self.table.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        determined = any(
            t.dep_ in ("det", "poss") and t.lower_ in ("the", "this", "that") for t in subject.children
        )
        # "the diplomat", "the 54-year-old", and a bare title in a headline ("Mayor Says ...").
        headline_title = (
            role == "person"
            and len(tokens) == 1
            and subject.text[:1].isupper()
            and subject.tag_ in ("NN", "NNP")  # singular: "Officials said" is a group
        )
        # "the retired signalman" after "Bill Hartnett, a retired signalman": any noun the
        # article gave a person as title.
        titled = determined and subject.tag_ == "NN" and self.is_title(word)
        if (
            _AGE_NOUN.search(phrase)
            or (role == "person" and determined and subject.tag_ == "NN")
            or headline_title
            or titled
        ):
            return self.person_role(subject, word, content), tokens
        # "Dravia's security service", "the Dravian bureau": a nation's organisation.
        national = any(
            c.dep_ in ("poss", "compound", "amod")
            and getattr(self.table.by_token.get(c.i), "type", None) in ("GPE", "NORP")
            for c in subject.children
        )
        if role == "org" and (determined or national):
            found = self.org_role(subject, word, content)
            if found is not None:
                return found, tokens
        return self.group(subject, tokens), tokens

    def campaign(self, noun: Token, content: tuple[int, int]) -> Entity | None:
        """ "the Keller campaign", "Keller's campaign", "Keller aides", "her campaign", "a
        Keller campaign spokeswoman": the campaign of the person named (or referred to)
        before the noun, never another organisation of the article."""
        word = noun.lemma_.lower()
        if word in representative_nouns():
            inner = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
            return self.campaign(inner[-1], content) if inner else None
        if word not in campaign_nouns() and noun.lower_ not in campaign_nouns():
            return None
        for child in noun.children:
            if child.dep_ not in ("poss", "compound") or child.i > noun.i:
                continue
            person = self.table.by_token.get(child.i)
            pron = pronouns().get(child.lower_)
            if person is None and child.dep_ == "poss" and pron is not None and pron.number == "sg":
                person = self.pronoun(child, pron, content)
            if person is not None and person.type == "PERSON":
                return self.table.campaign(person)
        return None

    def pronoun(self, token: Token, pron: Pronoun, content: tuple[int, int]) -> Entity | None:
        if pron.number == "pl":
            return self.plural(token, content)
        if token.lower_ == "it":
            return self.salient(token, content, lambda e: e.type in ("ORG", "GPE"))
        if token.lower_ == "i":
            return None

        def compatible(entity: Entity) -> bool:
            return entity.type == "PERSON" and entity.gender in (None, pron.gender)

        found = self.salient(token, content, compatible)
        if found is None:
            # The small model tags some surnames as organisations ("DuVernay said ... she
            # said"): a one-word "organisation" that has spoken and is then "he" or "she"
            # is a person.
            speakers = {e.id for _, e in self.spoken}
            found = self.salient(token, content, lambda e: _person_tagged_as_org(e, speakers))
            if found is not None:
                found.type = "PERSON"
        return found

    def plural(self, token: Token, content: tuple[int, int]) -> Entity | None:
        """ "they": a plural subject in this or an earlier sentence ("Hundreds of farmers ...
        They said"), else a group, organisation or nation."""
        k = self.sentence_no(token)
        for j in range(k, max(-1, k - LOOKBACK_SENTENCES - 1), -1):
            for t in self.sents[j]:
                if t.idx >= token.idx:
                    break
                if t.dep_ != "nsubj" or content[0] <= t.idx < content[1]:
                    continue
                # "Keller's campaign is seeking ... what they call ...": a campaign is its people.
                campaign = self.campaign(t, content)
                if campaign is not None:
                    return campaign
                if t.tag_ in ("NNS", "NNPS"):
                    head = _quantified(t)
                    known = self.table.by_token.get(head.i)
                    return known or self.group(head, mention_tokens(head))
            found = self._in_sentence(
                j, token.idx, content, lambda e: e.type in ("GROUP", "ORG", "NORP", "GPE")
            )
            if found is not None:
                return found
        return None

    def person_role(self, token: Token, word: str, content: tuple[int, int]) -> Entity | None:
        titled = self.salient(token, content, lambda e: e.type == "PERSON" and word in e.titles)
        # "..., the finance minister said." before "the minister, Paulo Reis": the one title-holder.
        holders = [e for e in self.table.entities if e.type == "PERSON" and word in e.titles]
        if titled is None and len(holders) == 1:
            titled = holders[0]
        if titled is not None:
            return titled
        # No holder of the title is known: the most salient person (who is not given the
        # title on a guess).
        return self.salient(token, content, lambda e: e.type == "PERSON")

    def org_role(self, token: Token, word: str, content: tuple[int, int]) -> Entity | None:
        """ "the ministry" -> the latest organisation named with that word; "the company" with
        no such name -> the organisation the article is about: the one named most often so
        far (the first of those), not merely the latest one mentioned."""
        named = self.salient(token, content, lambda e: e.type == "ORG" and word in e.name.lower())
        if named is not None:
            return named
        # Named further back: the latest organisation whose name has the word ("The union"
        # after "The Rail and Transport Workers' Union ..." five sentences earlier).
        earlier = [
            (max(m.start for m in e.mentions if m.start < token.idx), e)
            for e in self.table.entities
            if e.type == "ORG"
            and word in e.name.lower().split()
            and any(m.start < token.idx for m in e.mentions)
        ]
        if earlier:
            return max(earlier, key=lambda pair: pair[0])[1]
        counts: dict[str, int] = {}
        kinds = organisation_words()
        for entity in self.table.entities:
            head = entity.name.split()[-1].lower() if entity.name.split() else ""
            # "the company" is no "... Workers' Union": a name headed by another kind of body.
            other_kind = head in kinds and head != word
            if entity.type == "ORG" and not other_kind and not self.is_dateline_agency(entity):
                counts[entity.id] = sum(m.start < token.idx for m in entity.mentions)
        ranked = [e for e in self.table.entities if counts.get(e.id)]
        return max(ranked, key=lambda e: counts[e.id]) if ranked else None

    def is_title(self, word: str) -> bool:
        return any(e.type == "PERSON" and word in e.titles for e in self.table.entities)

    def is_dateline_agency(self, entity: Entity) -> bool:
        """ "MERROWGATE, March 9 (Allied Newswire) -": the outlet that filed the story."""
        text = self.table.text
        for mention in entity.mentions:
            line_start = text.rfind("\n", 0, mention.start) + 1
            before = text[line_start : mention.start]
            if not (before.rstrip().endswith("(") and text[mention.end : mention.end + 1] == ")"):
                return False
            if not before[:1].isupper() or not before.split()[0].rstrip(",").isupper():
                return False
        return bool(entity.mentions)

    def author(self, document: Token, content: tuple[int, int]) -> Entity | None:
        """Who a document is by: "a report by X", "a statement from X", "X's tweet", "an
        IMF report"; None when the article does not say."""
        for child in document.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    entity, _ = self.resolve(pobj, content)
                    if entity is not None:
                        return entity
        for child in document.children:
            if child.dep_ in ("poss", "compound", "nmod") and child.i < document.i:
                named = self.table.by_token.get(child.i)
                if named is not None and named.type in ("PERSON", "ORG", "GPE", "NORP"):
                    return named
                if child.lower_ in pronouns() and child.dep_ == "poss":
                    return self.pronoun(child, pronouns()[child.lower_], content)
        return None

    def principal(self, subject: Token, content: tuple[int, int]) -> Entity | None:
        """The organisation (or person) an unnamed spokesperson or official speaks for:
        "a Skyvale Airlines spokeswoman", "a spokesman for Senator Keller", "company
        officials" (the organisation the article is about)."""
        if not {subject.lower_, subject.lemma_.lower()} & representative_nouns():
            return None
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                named = self.table.by_token.get(pobj.i) if pobj is not None else None
                if named is not None and named.type in ("ORG", "PERSON"):
                    return named
        for child in subject.children:
            if child.dep_ not in ("poss", "compound", "nmod") or child.i > subject.i:
                continue
            named = self.table.by_token.get(child.i)
            if named is not None and named.type == "ORG":
                return named
            if named is None and role_nouns().get(child.lemma_.lower()) == "org":
                return self.org_role(child, child.lemma_.lower(), content)
        return None

    def label(self, last: Token) -> tuple[Entity | None, list[Token]]:
        """ "PENCE: Well, look, ...", "Smith: We will win": the label names a person (the one
        the article names in full, when it does) or the entity it is."""
        start = last.i
        while start > 0 and not self.doc[start - 1].is_space and "\n" not in self.doc[start - 1].text_with_ws:
            start -= 1
        tokens = [t for t in self.doc[start : last.i + 1] if not t.is_punct]
        tokens = tokens or [last]
        entity = self.table.by_token.get(last.i)
        if entity is None:
            entity = self.table.person(self.doc[tokens[0].i : last.i + 1])
        return entity, tokens

    def unlisted_name(self, subject: Token, tokens: list[Token]) -> Entity | None:
        """A capitalised name the model tagged as nothing ("Peabody said", "Zero Hedge
        reported"): a person when it starts with a first name, else an organisation;
        nobody when it is no name (a lower-case word in it, a headline's verb)."""
        words = [t for t in tokens if t.i <= subject.i and t.pos_ == "PROPN" and t.text[:1].isupper()]
        while words and words[0].i < tokens[0].i:
            words = words[1:]
        if not words or any(t.is_lower for t in tokens if t.i > words[0].i and t.i <= subject.i):
            return None
        span = self.doc[words[0].i : subject.i + 1]
        titled = span.start > 0 and self.doc[span.start - 1].text in honorifics()
        if (first_name_gender(words[0].text) and len(span) > 1) or titled:
            return self.table.person(span)
        entity = self.table.other(span, "ORG")
        return entity if entity is not None and speaker_reason(entity) is not None else None

    def group(self, subject: Token, tokens: list[Token]) -> Entity | None:
        """A speaker that is no named entity: "Western nations", "officials", "a source",
        "a spokesman for Senator Ruth Keller" (affiliation: Ruth Keller)."""
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        # Only people speak: "brain cancer" or "the controversial comment" is nobody (a
        # capitalised word the model did not tag as a name is left alone: "PENCE", "AROS").
        if subject.pos_ == "NOUN" and people_reason(subject.lemma_) is None:
            if people_reason(subject.lower_) is None:
                return None
        after_title = subject.i > 0 and self.doc[subject.i - 1].text in honorifics()
        first_named = first_name_gender(tokens[0].text) is not None and tokens[0].i < subject.i
        if subject.pos_ == "PROPN" and (people_reason(subject.lower_) is None or after_title or first_named):
            return self.unlisted_name(subject, tokens)
        words = [t for t in subject.doc[tokens[0].i : subject.i + 1] if not t.is_punct]
        while len(words) > 1 and words[0].lower_ in ("the", "a", "an"):
            words = words[1:]
        end = words[-1] if words else subject
        principal = None
        if subject.lemma_.lower() in role_nouns():
            # A spokesman, office or lawyer "for"/"of" someone speaks for them.
            for prep in subject.children:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "to") and pobj is not None:
                    principal = self.table.by_token.get(pobj.i)
                    if principal is not None:
                        end = pobj.doc[pobj.right_edge.i]
                        break
        start = words[0] if words else subject
        name = self.table.text[start.idx : end.idx + len(end.text)]
        country = next((country_words()[t.text] for t in tokens if t.text in country_words()), None)
        entity = self.table.group(name, country)
        if principal is not None and entity.affiliation is None:
            entity.affiliation = principal.name
        for t in tokens:
            other = self.table.by_token.get(t.i)
            if other is not None and other.type in ("ORG", "PERSON") and entity.affiliation is None:
                entity.affiliation = other.name
            if other is not None and other.type in ("GPE", "NORP") and entity.country is None:
                entity.country = other.country
        return entity


def _relative_pronoun(doc: Doc, cand: Candidate) -> Token | None:
    """The relative pronoun subject of the cue verb ("an architect [who] said"), if any."""
    if cand.cue is None:
        return None
    span = doc.char_span(cand.cue.start, cand.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span[0]
    if verb.dep_ != "relcl":
        return None
    relative = ("who", "which", "that")
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in relative), None)


def resolve_speakers(doc: Doc, candidates: list[Candidate]) -> tuple[list[Statement], list[Entity]]:
    """Statements with named speakers, and the article's entities."""
    statements, resolver = attribute(doc, candidates)
    return statements, resolver.table.entities


def attribute(doc: Doc, candidates: list[Candidate]) -> tuple[list[Statement], Resolver]:
    """Statements with named speakers, and the resolver that holds the article's entities
    (speakers.about reads the contents with it)."""
    table = build_entities(doc)
    resolver = Resolver(doc, table)
    statements: list[Statement] = []
    for n, cand in enumerate(candidates, start=1):
        speaker = Speaker()
        if cand.continues is not None and cand.continues < len(statements):
            earlier = statements[cand.continues].speaker
            # '"A," said X. "B."': within its paragraph a continued quotation is named by the
            # words that named the first; a later paragraph's is named by none of its own.
            same_paragraph = candidates[cand.continues].paragraph == cand.paragraph
            mention = earlier.mention if same_paragraph else None
            speaker = Speaker(mention=mention, entity=earlier.entity, name=earlier.name)
        elif cand.subject is not None and cand.cue is not None and cand.cue.lemma == ":":
            entity, tokens = resolver.label(cand.subject)
            speaker.mention = _text_span(table.text, tokens)
            if entity is not None:
                speaker.entity, speaker.name = entity.id, entity.name
                table.add_mention(entity, speaker.mention.start, speaker.mention.end)
                resolver.spoken.append((cand.subject.idx, entity))
        elif cand.subject is not None:
            entity, tokens = resolver.resolve(cand.subject, (cand.start, cand.end))
            speaker.mention = _text_span(table.text, tokens)
            if entity is not None:
                speaker.entity, speaker.name = entity.id, entity.name
                table.add_mention(entity, speaker.mention.start, speaker.mention.end)
                resolver.spoken.append((cand.subject.idx, entity))
                relative = _relative_pronoun(doc, cand)
                if relative is not None:
                    # "Donald Trump, who said ...": "who" refers to the speaker too.
                    table.add_mention(entity, relative.idx, relative.idx + len(relative.text))
        content = TextSpan(table.text[cand.start : cand.end], cand.start, cand.end)
        statements.append(Statement(f"s{n}", cand.kind, content, cand.cue, speaker, cand.act))
    # Names may have grown while resolving (a later full name): refresh them.
    table.refresh_campaigns()
    names = {e.id: e.name for e in table.entities}
    for st in statements:
        if st.speaker.entity:
            st.speaker.name = names[st.speaker.entity]
    for entity in table.entities:
        entity.mentions.sort(key=lambda m: m.start)
    return statements, resolver
