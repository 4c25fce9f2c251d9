"""Build a large synthetic claimgraph store for measuring queries at scale (docs/scale.md).

    .venv/bin/python scripts/synthetic_store.py --db /tmp/big.db                  # SQLite
    .venv/bin/python scripts/synthetic_store.py --db postgresql://postgres@127.0.0.1:5432/big
    .venv/bin/python scripts/synthetic_store.py --db /tmp/small.db --statements 20000 --articles 2000 \\
        --speakers 400 --outlets 20

The store is created by the real code (``Store.open`` runs the migrations); the rows are then
written in bulk straight into its tables (column names from ``store.schema``, statement rows
through the one mapping ``store.mapping.to_row``, speakers and aliases as ``store.speakers``
makes them), with the tables' secondary indexes and SQLite's full-text triggers set aside
during the load and rebuilt after it, so the result is what ``Store.open``, the web app and
``claimgraph claims`` read. The defaults: 1,000,000 statements in 100,000 articles of 200
outlets, 20,000 speakers; skewed like news (a few speakers make most statements, a few
outlets most articles: Zipf-like), dates over four years, cue verbs with their classes from
the cue lexicon, statements about other entities, loaded words, and claims (most claims one
statement, some hundreds, a few statements disputing). Text is made of a fixed vocabulary
with Zipf frequencies, so full-text search meets both common and rare words. The same seed
gives the same store. ``--vectors`` adds sentence vectors (statement_vectors) for every
encoder the shipped claims model names, so that the claims index reads them: ``random`` unit
vectors, a claim's statements near one direction (fast at a million), or ``encoded``: each
statement's content through the encoder, as the claims assignment writes them. They are left
out by default (the page queries never read them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Table

from claimgraph.claims.encoder import ENCODERS
from claimgraph.claims.models import shipped_model
from claimgraph.identity.fold import fold
from claimgraph.identity.names import parse_name
from claimgraph.resources import country_words, data_lines
from claimgraph.rhetoric.cues import lexicon
from claimgraph.store import Store, schema
from claimgraph.store.mapping import ABOUT_FIELDS, LOADED_FIELDS, STATEMENT_FIELDS
from claimgraph.store.speakers import alias_reason
from claimgraph.store.stats import narrator_words
from claimgraph.store.store import database_url

# -- the vocabulary -----------------------------------------------------------------------------
# Written for this generator. Common words first: Zipf ranks follow this order, then come
# generated rare words.
COMMON = """
government plan city harbor budget council election vote minister police court law report
people country war ceasefire talks border army troops aid water power prices tax workers
union strike school hospital health vaccine virus cases data study energy gas oil grid
climate flood storm fire bridge road rail ferry port piers airport flights housing rent
market bank rates inflation jobs economy trade tariffs exports farmers crops food drought
security attack drone missile shelling village region province capital parliament party
coalition opposition campaign reform pension wages contract deal agreement sanctions
investigation evidence charges trial judge jury verdict appeal prison protest rally crowd
officials residents families children students teachers doctors nurses patients records
emails documents leaked statement press conference interview hearing committee inquiry
scandal corruption fraud audit spending deficit debt loan fund program project plant
factory mine pipeline reactor station network internet phones platform company firm
investors shares profits losses layoffs merger bid license permit zoning land district
neighborhood streets traffic transit bus subway tunnel canal river dam lake coast island
""".split()
VERBS = """
will must should could would may might has had was is are were plans wants needs refuses
promised warned blocked approved rejected delayed cut raised lowered expanded closed opened
""".split()
FILLER = "the a of to in on for with and that this by from at as over after before under".split()
LOADED = "slammed radical regime draconian so-called disastrous reckless shameful brutal".split()
FIRST_NAMES = """
Anna Ben Clara David Elena Frank Grace Henry Irene Jonas Karen Leo Maria Nina Oscar Paula
Quinn Rosa Samuel Tara Victor Wendy Yusuf Zora Alan Beatrice Carl Diana Edgar Fiona George
Helen Ivan Julia Kevin Laura Martin Nora Owen Petra Ralph Sofia Thomas Ursula Vera Walter
Amira Bruno Chloe Dmitri Esther Felix Gloria Hugo Ingrid Jakob Lena Marco Nadia Olga Pablo
Rita Stefan Tomas Vanessa Boris Celia Daniel Emil Hanna Igor Kira Lars Mona Nils Rahel
""".split()
SYLLABLES_A = "var hol kess bran dor fel gar hen jor kal lin mor nor pel quen ros sel tor ul ves wen yar zel"
SYLLABLES_A = SYLLABLES_A.split()
SYLLABLES_B = "an ber cot dal en fold gren holt ik ley mer nik ov quist rin son tal ur vik wick".split()
SYLLABLES_C = ["", "er", "ova", "sen", "ski", "ton", "ez", "ini", "berg", "ard"]
TITLES = """
minister spokeswoman spokesman senator mayor governor president chancellor commissioner
director chief analyst professor general ambassador envoy secretary lawmaker
""".split()
ORG_HEADS = "Ministry Department Council Agency Authority Commission Institute Union Bureau".split()
CUE_TEXT = {"say": "said", "tell": "told", "write": "wrote", "think": "thought", "feel": "felt",
            "hold": "held", "find": "found", "show": "showed", "insist": "insisted"}


def rare_words(count: int, rng: np.random.Generator) -> list[str]:
    """Pronounceable made-up words (place names, jargon) for the vocabulary's long tail."""
    ends = ["", "a", "o", "is", "um"]
    every = [a + b + c + e for a in SYLLABLES_A for b in SYLLABLES_B for c in SYLLABLES_C for e in ends]
    picked = rng.permutation(len(every))[:count]
    return [every[i] for i in picked]


class Picker:
    """Draws indices 0..n-1 with the given weights (one uniform number and a bisection)."""

    def __init__(self, weights: np.ndarray, rng: np.random.Generator) -> None:
        self.cdf = np.cumsum(weights / weights.sum())
        self.rng = rng

    def __call__(self) -> int:
        return min(int(np.searchsorted(self.cdf, self.rng.random(), side="right")), len(self.cdf) - 1)


def fast_row(record: dict[str, Any], fields: Sequence[Any]) -> dict[str, Any]:
    """``store.mapping.to_row`` for plain dicts, without its Mapping checks (the same paths
    and codecs; a million statements spend minutes in those checks otherwise)."""
    row = {}
    for f in fields:
        value: Any = record
        for key in f.path.split("."):
            value = value.get(key) if type(value) is dict else None
        row[f.column] = f.to_db(value)
    return row


def zipf_weights(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def inflect(lemma: str) -> str:
    """The past tense a reporter writes ("point out" -> "pointed out")."""
    head, _, rest = lemma.partition(" ")
    if head in CUE_TEXT:
        past = CUE_TEXT[head]
    elif head.endswith("e"):
        past = head + "d"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        past = head[:-1] + "ied"
    else:
        past = head + "ed"
    return f"{past} {rest}".strip()


# -- the shape of the corpus ------------------------------------------------------------------


@dataclass
class Params:
    statements: int = 1_000_000
    articles: int = 100_000
    speakers: int = 20_000
    outlets: int = 200
    seed: int = 7
    vectors: str = ""  # "", "random" or "encoded"
    start: date = date(2022, 1, 1)
    days: int = 4 * 365


@dataclass
class Person:
    id: int
    name: str
    surname: str
    type: str
    titles: list[str]
    affiliation: str | None
    country: str | None
    unique_surname: bool = True


@dataclass
class Corpus:
    """What every article draws from."""

    params: Params
    rng: np.random.Generator
    people: list[Person]
    pick_speaker: Picker
    outlets: list[str]
    pick_outlet: Picker
    vocab: list[str]
    vocab_p: np.ndarray
    cues: list[tuple[str, str]]  # (lemma, class)
    pick_cue: Picker
    pick_share: list[Picker]  # by the number of speakers in an article: who speaks how often
    claim_of: np.ndarray  # statement index -> claim index (0-based, in order of first use)
    dispute: np.ndarray  # statement index -> disputes its claim
    claim_text: dict[int, str] = field(default_factory=dict)
    token_pool: np.ndarray | None = None
    token_at: int = 0

    def words(self, n: int) -> list[str]:
        if self.token_pool is None or self.token_at + n > len(self.token_pool):
            self.token_pool = self.rng.choice(len(self.vocab), size=1_000_000, p=self.vocab_p)
            self.token_at = 0
        picked = self.token_pool[self.token_at : self.token_at + n]
        self.token_at += n
        return [self.vocab[i] for i in picked]

    def sentence(self, n_words: int) -> str:
        """A run of vocabulary words with filler between them ("budget of the harbor ...")."""
        out = []
        for i, word in enumerate(self.words(n_words)):
            out.append(word)
            if i % 2 == 1 and i < n_words - 1:
                out.append(FILLER[(i * 7 + len(word)) % len(FILLER)])
        return " ".join(out)


def make_people(params: Params, rng: np.random.Generator) -> list[Person]:
    countries = sorted(set(country_words().values()))
    orgs = [f"{head} of {w.capitalize()}" for head in ORG_HEADS for w in COMMON[:60]]
    people: list[Person] = []
    forms: set[str] = set()
    surnames: dict[str, int] = {}
    while len(people) < params.speakers:
        if rng.random() < 0.1:
            name = f"{rng.choice(ORG_HEADS)} of {str(rng.choice(COMMON)).capitalize()} " \
                   f"{str(rng.choice(COMMON)).capitalize()}"
            etype, surname = "ORG", ""
        else:
            surname = (str(rng.choice(SYLLABLES_A)) + str(rng.choice(SYLLABLES_B))
                       + str(rng.choice(SYLLABLES_C))).capitalize()
            name, etype = f"{rng.choice(FIRST_NAMES)} {surname}", "PERSON"
        parsed = parse_name(name, etype)
        if parsed is None or parsed.form in forms:
            continue
        forms.add(parsed.form)
        if surname:
            surnames[surname] = surnames.get(surname, 0) + 1
        titles = [str(rng.choice(TITLES))] if etype == "PERSON" and rng.random() < 0.6 else []
        affiliation = str(rng.choice(orgs)) if etype == "PERSON" and rng.random() < 0.25 else None
        country = str(rng.choice(countries)) if rng.random() < 0.5 else None
        people.append(Person(len(people) + 1, name, surname, etype, titles, affiliation, country))
    for p in people:
        p.unique_surname = bool(p.surname) and surnames[p.surname] == 1
    return people


def assign_claims(params: Params, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Claim sizes from a power law (P(k) ~ k^-2, capped at 400: most claims one statement),
    each claim's statements close together in time (statements are generated in date order)."""
    n = params.statements
    sizes: list[int] = []
    total = 0
    while total < n:
        drawn = np.minimum(rng.zipf(2.0, size=max(1000, (n - total) // 3)), 400)
        for k in drawn:
            k = int(min(k, n - total))
            sizes.append(k)
            total += k
            if total >= n:
                break
    size = np.array(sizes)
    centres = rng.random(len(size)) * n
    members = np.repeat(np.arange(len(size)), size)
    window = np.where(size[members] > 1, 20 * params.statements / params.articles * 200, 0.0)
    keys = centres[members] + rng.normal(size=n) * window
    order = np.argsort(keys, kind="stable")
    claim_of = members[order]
    # Renumber by first appearance: the assigner founds claims in statement order.
    _, first = np.unique(claim_of, return_index=True)
    rank = np.empty(len(size), np.int64)
    rank[np.argsort(first)] = np.arange(len(size))
    claim_of = rank[claim_of]
    is_founder = np.zeros(n, bool)
    is_founder[np.sort(first)] = True
    dispute = (~is_founder) & (rng.random(n) < 0.12)
    return claim_of, dispute


def make_corpus(params: Params) -> Corpus:
    rng = np.random.default_rng(params.seed)
    people = make_people(params, rng)
    outlets = []
    for i in range(params.outlets):
        word = str(COMMON[(i * 13) % len(COMMON)]).capitalize()
        paper = ("Herald", "Post", "Ledger", "Courier", "Times", "Wire")[i % 6]
        outlets.append(f"The {word} {paper} {i + 1}")
    vocab = COMMON + VERBS + rare_words(20_000, rng)
    table = lexicon()
    verbs = {line.split("\t")[0].strip() for line in data_lines("reporting_verbs.tsv")}
    cues = [(phrase, entry.cls) for phrase, entry in sorted(table.items())
            if phrase != "say" and phrase.split(" ")[0] in verbs]
    cue_p = zipf_weights(len(cues), 1.0) * 0.45
    cues = [("say", table["say"].cls if "say" in table else "neutral"), *cues]
    cue_p = np.concatenate([[0.55], cue_p])
    claim_of, dispute = assign_claims(params, rng)
    return Corpus(
        params, rng, people, Picker(zipf_weights(len(people), 1.1), rng), outlets,
        Picker(zipf_weights(len(outlets), 1.0), rng), vocab, zipf_weights(len(vocab), 1.0), cues,
        Picker(cue_p, rng), [Picker(zipf_weights(k, 1.0), rng) for k in range(1, 8)], claim_of, dispute,
    )


# -- one article ------------------------------------------------------------------------------


class Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return start, self.pos

    def value(self) -> str:
        return "".join(self.parts)


@dataclass
class Rows:
    """Rows of a batch of articles, by table name, as dicts of column values."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


@dataclass
class ClaimTally:
    label: dict[int, tuple[int, str, bool]] = field(default_factory=dict)  # founder pk, text, negated


def article(corpus: Corpus, pk: int, n_statements: int, first_statement: int, day: date,
            rows: Rows, tally: ClaimTally, outlet_of: np.ndarray, date_of: list[str | None]) -> None:
    rng = corpus.rng
    outlet = corpus.outlets[corpus.pick_outlet()]
    outlet_no = corpus.outlets.index(outlet) + 1
    if rng.random() < 0.02:
        outlet, outlet_no = None, 0  # an article stored without an outlet: "(unknown)"
    dated = rng.random() >= 0.01
    published = f"{day.isoformat()}T{int(rng.integers(5, 23)):02d}:{int(rng.integers(0, 60)):02d}:00Z"
    n_speakers = int(min(max(1, rng.poisson(2.5)), n_statements, 6))
    chosen = dict.fromkeys(corpus.pick_speaker() for _ in range(n_speakers))
    speakers = [corpus.people[i] for i in chosen]
    text = Text()
    slug = (outlet or "wire").lower().replace(" ", "-")
    text.add(f"{day.strftime('%B %d').upper()} (Staff) - ")
    title = corpus.sentence(6).capitalize()
    text.add(title + ". ")
    entities: dict[int, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    loaded: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []

    def entity_of(person: Person, speaking: bool) -> dict[str, Any]:
        if person.id not in entities:
            entities[person.id] = {
                "local_id": f"e{len(entities) + 1}", "position": len(entities), "name": person.name,
                "type": person.type, "titles": json.dumps(person.titles), "affiliation": person.affiliation,
                "country": person.country, "gender": None, "speaker_id": None, "mentions": 0,
            }
        ent = entities[person.id]
        if speaking:
            ent["speaker_id"] = person.id
        return ent

    def mention(ent: dict[str, Any], span: tuple[int, int], words: str) -> None:
        mentions.append({"article_pk": pk, "entity_local_id": ent["local_id"], "position": ent["mentions"],
                         "text": words, "start": span[0], "end": span[1]})
        ent["mentions"] += 1

    said_before: set[int] = set()
    share = corpus.pick_share[len(speakers) - 1]
    for i in range(n_statements):
        index = first_statement + i
        statement_pk = index + 1
        if i % 3 == 2:
            text.add(corpus.sentence(int(rng.integers(6, 14))).capitalize() + ". ")
            if rng.random() < 0.3:
                span = text.add(LOADED[int(rng.integers(len(LOADED)))])
                loaded.append({"article_pk": pk, **fast_row(
                    {"text": text.parts[-1], "start": span[0], "end": span[1], "lexicon": "synthetic",
                     "score": 0.8, "voice": "narrator", "statement": None}, LOADED_FIELDS)})
                text.add(" " + corpus.sentence(4) + ". ")
            if rng.random() < 0.2:
                text.add("\n\n")
        unattributed = rng.random() < 0.04
        person = speakers[share()]
        claim = int(corpus.claim_of[index])
        disputes = bool(corpus.dispute[index])
        if claim in corpus.claim_text:
            base = corpus.claim_text[claim]
        else:
            base = corpus.sentence(int(rng.integers(7, 16)))
            corpus.claim_text[claim] = base
            tally.label[claim] = (statement_pk, base, False)
        content = ("it is not true that " + base) if disputes else base
        about_person = None
        if rng.random() < 0.2:
            about_person = corpus.people[int(rng.integers(min(200, len(corpus.people))))]
            if about_person.id == person.id:
                about_person = corpus.people[(about_person.id) % len(corpus.people)]
            content = f"{about_person.name} {content}"
        cue_index = corpus.pick_cue()
        lemma, cls = corpus.cues[cue_index]
        has_cue = rng.random() >= 0.03
        roll = rng.random()
        kind = "direct" if roll < 0.45 else ("indirect" if roll < 0.9 else "mixed")
        if unattributed:
            ment = "Officials" if kind != "direct" or not has_cue else "officials"
        elif person.id in said_before:
            ment = person.surname if person.unique_surname else person.name
        else:
            ment = (f"{person.titles[0].capitalize()} {person.name}" if person.titles else person.name)
        said_before.add(person.id)
        cue_words = inflect(lemma)
        if not has_cue:
            kind = "direct"
            m_span = text.add(ment)
            text.add(": “")
            c_span = text.add(content)
            text.add(".” ")
            q_span = None
        elif kind == "direct":
            text.add("“")
            c_span = text.add(content)
            text.add(",” ")
            m_span = text.add(ment)
            text.add(" ")
            q_span = text.add(cue_words)
            text.add(". ")
        else:
            m_span = text.add(ment)
            text.add(" ")
            q_span = text.add(cue_words)
            text.add(" that ")
            if kind == "mixed":
                words = content.split(" ")
                cut = min(max(3, len(words) // 2), len(words) - 1)
                content = " ".join(words[:cut]) + " “" + " ".join(words[cut:])
                c_span = text.add(content)
                text.add(".” ")
            else:
                c_span = text.add(content)
                text.add(". ")
        local = f"s{i + 1}"
        speaker: dict[str, Any] = {"mention": {"text": ment, "start": m_span[0], "end": m_span[1]},
                                   "entity": None, "name": None}
        speaker_id = None
        if not unattributed:
            ent = entity_of(person, speaking=True)
            mention(ent, m_span, ment)
            speaker.update(entity=ent["local_id"], name=person.name)
            speaker_id = person.id
        about: list[dict[str, Any]] = []
        if about_person is not None:
            ent = entity_of(about_person, speaking=False)
            a_span = (c_span[0], c_span[0] + len(about_person.name))
            mention(ent, a_span, about_person.name)
            about.append({"name": about_person.name, "role": "subject", "entity": ent["local_id"],
                          "mention": {"text": about_person.name, "start": a_span[0], "end": a_span[1]}})
        if kind != "indirect" and rng.random() < 0.05:
            first_word = content.split(" ")[0]
            loaded.append({"article_pk": pk, **fast_row(
                {"text": first_word, "start": c_span[0], "end": c_span[0] + len(first_word),
                 "lexicon": "synthetic",
                 "score": 0.7, "voice": "quoted", "statement": local}, LOADED_FIELDS)})
        negated = disputes or rng.random() < 0.04
        record = {
            "id": local, "kind": kind, "act": "speech",
            "content": {"text": content, "start": c_span[0], "end": c_span[1]},
            "cue": ({"text": cue_words, "lemma": lemma, "start": q_span[0], "end": q_span[1], "class": cls}
                    if q_span is not None else None),
            "cue_class": cls if q_span is not None else "none",
            "speaker": speaker, "negated": negated,
            "claim": {"id": f"c{claim + 1}", "stance": "disputes" if disputes else "asserts"},
        }
        spans.append(c_span)
        rows.add("statements", {"pk": statement_pk, "article_pk": pk, "position": i,
                                **fast_row(record, STATEMENT_FIELDS), "speaker_id": speaker_id})
        for position, item in enumerate(about):
            rows.add("statement_about", {"statement_pk": statement_pk, "position": position,
                                         **fast_row(item, ABOUT_FIELDS)})
        if tally.label[claim][0] == statement_pk:
            tally.label[claim] = (statement_pk, content, negated)
        outlet_of[index] = outlet_no
        date_of.append(day.isoformat() if dated else None)
    text.add(corpus.sentence(10).capitalize() + ".")
    body = text.value()
    for ent in entities.values():
        ent.pop("mentions")
        rows.add("entities", {"article_pk": pk, **ent})
        person = corpus.people[ent["speaker_id"] - 1] if ent["speaker_id"] else None
        if person is not None and (person.titles or person.affiliation):
            for given in person.titles or [None]:
                rows.add("speaker_titles", {"speaker_id": person.id, "article_pk": pk, "title": given,
                                            "affiliation": person.affiliation,
                                            "published": published if dated else None})
    for m in mentions:
        rows.add("mentions", m)
    for position, span in enumerate(loaded):
        rows.add("loaded_spans", {**span, "position": position})
    digest = hashlib.sha256(f"{pk}\n{body}".encode()).hexdigest()
    rows.add("articles", {
        "pk": pk, "id": f"{slug}-{day.isoformat()}-{pk}", "content_hash": digest,
        "source_hash": hashlib.sha256(digest.encode()).hexdigest(), "title": title,
        "outlet": outlet, "published": published if dated else None,
        "published_date": day.isoformat() if dated else None,
        "url": f"https://{slug}.example/{pk}", "source": "synthetic", "record": f"article {pk}",
        "text": body, "word_count": len(body.split()), "ingested_at": NOW,
        "narrator_words": narrator_words(body, spans),
    })


NOW = datetime.now(UTC).isoformat(timespec="seconds")


def speaker_rows(people: Sequence[Person]) -> Rows:
    rows = Rows()
    for p in people:
        parsed = parse_name(p.name, p.type)
        assert parsed is not None
        rows.add("speakers", {"id": p.id, "name": parsed.display, "key": parsed.form,
                              "last_word": parsed.tokens[-1], "type": p.type, "country": p.country,
                              "merged_into": None})
        names = [parsed]
        spelled = [(p.name, parsed)]
        if p.unique_surname:
            short = parse_name(p.surname, p.type)
            if short is not None:
                names.append(short)
                spelled.append((p.surname, short))
        for written, form in spelled:
            rows.add("speaker_aliases", {
                "alias": fold(written), "speaker_id": p.id, "name": written, "form": form.form,
                "first_word": form.tokens[0], "last_word": form.tokens[-1],
                "reason": alias_reason(form, parsed, names, set()), "by_hand": False,
            })
    return rows


# -- writing ----------------------------------------------------------------------------------


class Loader:
    """Bulk rows into the store's tables: executemany on SQLite, COPY on PostgreSQL, with the
    secondary indexes (and SQLite's full-text triggers) dropped for the load and made again."""

    def __init__(self, url: str) -> None:
        self.url = database_url(url)
        self.postgres = self.url.startswith("postgresql")
        if self.postgres:
            import psycopg

            self.conn: Any = psycopg.connect(self.url.replace("postgresql+psycopg://", "postgresql://"))
            self.conn.execute("SET session_replication_role = replica")  # no FK triggers while loading
            self.conn.execute("SET maintenance_work_mem = '512MB'")
        else:
            import sqlite3

            self.conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
            self.conn.execute("PRAGMA synchronous = OFF")
            self.conn.execute("PRAGMA cache_size = -400000")
            self.conn.execute("BEGIN")
        self.saved: list[str] = []

    def set_aside(self) -> None:
        if self.postgres:
            found = self.conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND indexname LIKE 'ix%'"
            ).fetchall()
            for name, ddl in found:
                self.conn.execute(f'DROP INDEX "{name}"')
                self.saved.append(ddl)
        else:
            found = self.conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND ((type = 'index' AND name LIKE 'ix%') "
                "OR (type = 'trigger' AND name LIKE 'statements_fts%'))"
            ).fetchall()
            for kind, name, ddl in found:
                self.conn.execute(f'DROP {kind.upper()} "{name}"')
                self.saved.append(ddl)

    def write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = [c.name for c in table.columns if c.name in rows[0]]
        values = [tuple(r[n] for n in names) for r in rows]
        columns = ", ".join(f'"{n}"' for n in names)
        if self.postgres:
            with self.conn.cursor().copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in names)
            self.conn.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)

    def finish(self) -> None:
        if self.postgres:
            for table in ("articles", "statements", "speakers", "entities", "mentions", "speaker_titles",
                          "statement_about", "claims", "loaded_spans", "statement_vectors"):
                key = "seq" if table == "statement_vectors" else (
                    "id" if table in ("speakers", "claims") else "pk")
                if table == "speaker_titles":
                    key = "id"
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                    f"COALESCE((SELECT max({key}) FROM {table}), 0) + 1, false)"
                )
            self.conn.commit()
            self.conn.execute("SET session_replication_role = DEFAULT")
            for ddl in self.saved:
                self.conn.execute(ddl)
            self.conn.commit()
            self.conn.autocommit = True
            self.conn.execute("VACUUM ANALYZE")
        else:
            self.conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
            for ddl in self.saved:
                self.conn.execute(ddl)
            self.conn.execute("COMMIT")
        self.conn.close()


def batches(corpus: Corpus) -> Iterator[tuple[int, int, int, date]]:
    """(article pk, its statements, index of its first statement, its day), in date order."""
    p = corpus.params
    rng = corpus.rng
    counts = rng.multinomial(p.statements - p.articles, np.full(p.articles, 1 / p.articles)) + 1
    # News comes in bursts: some weeks carry more articles than others.
    weekly = rng.gamma(2.0, 1.0, size=p.days // 7 + 1)
    day_p = np.repeat(weekly, 7)[: p.days]
    days = np.sort(rng.choice(p.days, size=p.articles, p=day_p / day_p.sum()))
    first = 0
    for i in range(p.articles):
        yield i + 1, int(counts[i]), first, p.start + timedelta(days=int(days[i]))
        first += int(counts[i])


def claim_rows(corpus: Corpus, tally: ClaimTally, art_of: np.ndarray, outlet_of: np.ndarray,
               dates: list[str | None]) -> list[dict[str, Any]]:
    n_claims = int(corpus.claim_of.max()) + 1
    claim = corpus.claim_of
    stmts = np.bincount(claim, minlength=n_claims)
    disputes = np.bincount(claim, weights=corpus.dispute, minlength=n_claims).astype(int)
    pairs = np.unique(np.stack([claim, art_of]), axis=1)
    articles = np.bincount(pairs[0], minlength=n_claims)
    pairs = np.unique(np.stack([claim, outlet_of]), axis=1)
    outlets = np.bincount(pairs[0], minlength=n_claims)
    first: list[str | None] = [None] * n_claims
    last: list[str | None] = [None] * n_claims
    for i, day in enumerate(dates):
        if day is None:
            continue
        c = claim[i]
        if first[c] is None or day < first[c]:  # type: ignore[operator]
            first[c] = day
        if last[c] is None or day > last[c]:  # type: ignore[operator]
            last[c] = day
    rows = []
    for c in range(n_claims):
        founder, label, negated = tally.label[c]
        rows.append({"id": c + 1, "label": label, "founder_pk": founder, "negated": negated,
                     "first_seen": first[c], "last_seen": last[c], "statements": int(stmts[c]),
                     "articles": int(articles[c]), "outlets": int(outlets[c]), "disputes": int(disputes[c]),
                     "created_at": NOW})
    return rows


def build(url: str, params: Params, log: Any = print) -> dict[str, Any]:
    started = time.perf_counter()
    Store.open(url).close()  # the schema, by the migrations
    corpus = make_corpus(params)
    loader = Loader(url)
    loader.set_aside()
    tables = schema.metadata.tables
    for name, rows in speaker_rows(corpus.people).tables.items():
        loader.write(tables[name], rows)
    tally = ClaimTally()
    art_of = np.zeros(params.statements, np.int64)
    outlet_of = np.zeros(params.statements, np.int64)
    dates: list[str | None] = []
    rows = Rows()
    order = ("articles", "entities", "mentions", "speaker_titles", "statements", "statement_about",
             "loaded_spans")
    for pk, n, first, day in batches(corpus):
        article(corpus, pk, n, first, day, rows, tally, outlet_of, dates)
        art_of[first : first + n] = pk
        if pk % 2000 == 0 or pk == params.articles:
            for name in order:
                loader.write(tables[name], rows.tables.get(name, []))
            rows = Rows()
            log(f"  {pk:,} articles, {first + n:,} statements, {time.perf_counter() - started:.0f} s")
    claims = claim_rows(corpus, tally, art_of, outlet_of, dates)
    for i in range(0, len(claims), 50_000):
        loader.write(tables["claims"], claims[i : i + 50_000])
    if params.vectors == "random":
        write_vectors(loader, corpus)
    log(f"  rows written in {time.perf_counter() - started:.0f} s; indexes and full-text search ...")
    loader.finish()
    if params.vectors == "encoded":
        encode_vectors(url, log)
    with Store.open(url) as store:
        store.optimize()  # the planner's statistics, as an ingest leaves them
    seconds = time.perf_counter() - started
    return {"statements": params.statements, "articles": params.articles, "speakers": len(corpus.people),
            "claims": len(claims), "seconds": round(seconds, 1)}


def write_vectors(loader: Loader, corpus: Corpus) -> None:
    """Random unit vectors per encoder of the claims model, a claim's statements near one
    direction (float16, as stored)."""
    n = corpus.params.statements
    table = schema.statement_vectors
    for k, name in enumerate(shipped_model().encoders):
        encoder = ENCODERS[name]
        rng = np.random.default_rng(corpus.params.seed + 1 + k)
        for start in range(0, n, 20_000):
            claims = corpus.claim_of[start : start + 20_000]
            base = rng.standard_normal((len(claims), encoder.dim))
            seeded = np.stack([np.random.default_rng((int(c), k)).standard_normal(encoder.dim)
                               for c in claims])
            vectors = seeded + 0.3 * base
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            loader.write(table, [
                {"seq": k * n + start + i + 1, "statement_pk": start + i + 1, "model": encoder.name,
                 "vector": v.astype(np.float16).tobytes()}
                for i, v in enumerate(vectors)
            ])


def encode_vectors(url: str, log: Any = print, page: int = 2_000) -> None:
    """Each stored statement's content through every encoder of the claims model, written as
    the claims assignment writes its vectors (``claims.encoder.to_bytes``)."""
    from sqlalchemy import create_engine, select

    from claimgraph.claims.encoder import get_encoder, to_bytes

    S, V = schema.statements, schema.statement_vectors
    engine = create_engine(database_url(url))
    started = time.perf_counter()
    for name in shipped_model().encoders:
        encoder = get_encoder(name)
        last = 0
        while True:
            with engine.begin() as conn:
                rows = conn.execute(
                    select(S.c.pk, S.c.content).where(S.c.pk > last).order_by(S.c.pk).limit(page)
                ).all()
                if not rows:
                    break
                vectors = encoder.encode([r.content for r in rows])
                conn.execute(V.insert(), [
                    {"statement_pk": r.pk, "model": encoder.name, "vector": to_bytes(v)}
                    for r, v in zip(rows, vectors, strict=True)
                ])
            last = rows[-1].pk
            log(f"  {encoder.name}: {last:,} statements encoded, {time.perf_counter() - started:.0f} s")
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a SQLite path (must not exist) or a postgresql:// URL "
                    "of an empty database")
    ap.add_argument("--statements", type=int, default=Params.statements)
    ap.add_argument("--articles", type=int, default=Params.articles)
    ap.add_argument("--speakers", type=int, default=Params.speakers)
    ap.add_argument("--outlets", type=int, default=Params.outlets)
    ap.add_argument("--seed", type=int, default=Params.seed)
    ap.add_argument("--vectors", nargs="?", const="random", default="", choices=("random", "encoded"),
                    help="also write sentence vectors of the claims model's encoders: random (the "
                    "default), or encoded from each statement's content")
    args = ap.parse_args(argv)
    if args.articles < 1 or args.statements < args.articles or args.speakers < 10 or args.outlets < 1:
        print("synthetic_store: need articles >= 1, statements >= articles, speakers >= 10, outlets >= 1",
              file=sys.stderr)
        return 2
    if "://" not in args.db and os.path.exists(args.db):
        print(f"synthetic_store: {args.db} exists; give a new path", file=sys.stderr)
        return 2
    params = Params(args.statements, args.articles, args.speakers, args.outlets, args.seed, args.vectors)
    print(json.dumps(build(args.db, params)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
