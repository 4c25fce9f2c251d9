"""Russian analysis: language per article, the natasha parse, statements and speakers, the
lexicons a saved pipeline carries. Every text here was written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.model import Analysis, Statement
from claimgraph.options import AnalysisOptions
from claimgraph.readers.language import check_language, detect_language, forced_language
from claimgraph.readers.text import RawArticle


@pytest.fixture(scope="module")
def ru() -> Callable[[str], Analysis]:
    from claimgraph.pipeline import analyze

    cache: dict[str, Analysis] = {}

    def run(body: str) -> Analysis:
        text = "Заголовок новости\n\n" + body
        if text not in cache:
            cache[text] = analyze(text, id="ru-test")
        return cache[text]

    return run


def one(analysis: Analysis, cue: str) -> Statement:
    found = [s for s in analysis.statements if s.cue and s.cue.text.lower() == cue.lower()]
    assert len(found) == 1, [(s.cue.text if s.cue else None, s.content.text) for s in analysis.statements]
    return found[0]


# -- language ---------------------------------------------------------------------------

LANGUAGES = {
    "ru": "Министр заявил, что переговоры продолжатся. Он не стал комментировать решение суда.",
    "uk": "Міністр заявив, що переговори триватимуть. Він не став коментувати рішення суду.",
    "be": "Міністр заявіў, што перамовы працягнуцца. Ён не стаў каментаваць рашэнне суда.",
    "bg": "Министърът заяви, че преговорите ще продължат. Той не пожела да коментира решението.",
    "en": "The minister said the talks would continue. He declined to comment on the ruling.",
}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_each_language_is_told_apart(code: str) -> None:
    assert detect_language(LANGUAGES[code]) == code


def test_short_latin_text_stays_english() -> None:
    assert detect_language("Asked, she said: no.") == "en"


def test_a_language_not_analysed_is_named_in_one_line() -> None:
    with pytest.raises(InputError, match=r"^notes\.txt: .* looks like Belarusian \(be\), which claimgraph"):
        check_language(detect_language(LANGUAGES["be"]), "notes.txt")
    with pytest.raises(InputError, match=r"--lang Bulgarian \(bg\): claimgraph analyses en and ru only"):
        forced_language("bg")
    with pytest.raises(InputError, match=r"--lang 'xx'"):
        forced_language("xx")


def test_language_is_on_the_article_and_a_batch_goes_on() -> None:
    from claimgraph.pipeline import analyze_batch

    raws = [
        RawArticle("Заголовок\n\n" + LANGUAGES["ru"], name="a"),
        RawArticle(LANGUAGES["uk"] * 3, name="b"),
        RawArticle(LANGUAGES["en"], name="c"),
    ]
    first, second, third = analyze_batch(raws)
    assert isinstance(first, Analysis) and first.article.language == "ru"
    assert isinstance(second, InputError) and "Ukrainian (uk)" in str(second)
    assert isinstance(third, Analysis) and third.article.language == "en"
    assert third.to_dict()["article"]["language"] == "en"


def test_lang_forces_the_language() -> None:
    from claimgraph.pipeline import analyze

    forced = analyze("Заголовок\n\n" + LANGUAGES["ru"], AnalysisOptions(language="en"))
    assert forced.article.language == "en"


# -- statements -------------------------------------------------------------------------


def test_direct_quote_with_dash_and_speaker_in_the_nominative(ru: Callable[[str], Analysis]) -> None:
    a = ru("«Мы не допустим срыва переговоров», — сказала официальный представитель ведомства Анна Белова.")
    s = one(a, "сказала")
    assert (s.kind, s.content.text) == ("direct", "Мы не допустим срыва переговоров")
    assert s.speaker.name == "Анна Белова" and s.cue is not None and s.cue.cls == "neutral"


def test_colon_quote_and_quote_split_by_its_cue(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Губернатор Олег Малинин заявил: «Дорогу откроют к лету».\n\n"
        "«Мы готовы к диалогу, — сказал Малинин, — но не на этих условиях»."
    )
    assert one(a, "заявил").content.text == "Дорогу откроют к лету"
    split = [s for s in a.statements if s.cue and s.cue.text == "сказал"]
    assert [s.content.text for s in split] == ["Мы готовы к диалогу", "но не на этих условиях"]
    assert {s.speaker.name for s in split} == {"Олег Малинин"}


def test_reported_clauses_with_chto_and_chtoby(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Директор завода Игорь Петрович Лапин сообщил, что цех закроют на ремонт. "
        "Профсоюз потребовал, чтобы рабочим сохранили зарплату."
    )
    s = one(a, "сообщил")
    assert (s.kind, s.content.text, s.speaker.name) == (
        "indirect",
        "цех закроют на ремонт",
        "Игорь Петрович Лапин",
    )
    assert one(a, "потребовал").content.text == "рабочим сохранили зарплату"
    assert one(a, "потребовал").cue.cls == "directive"  # type: ignore[union-attr]


def test_source_frames_and_as_asides(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "По словам Марины Орловой, тарифы вырастут в марте. "
        "Как заявил мэр города Сергей Гусев, автобусы будут ходить чаще."
    )
    frame = one(a, "По словам")
    assert frame.content.text == "тарифы вырастут в марте" and frame.speaker.name == "Марина Орлова"
    aside = one(a, "заявил")
    assert aside.content.text == "автобусы будут ходить чаще" and aside.speaker.name == "Сергей Гусев"


def test_belief_adjective_and_back_reference(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Экономист Павел Зимин уверен, что инфляция замедлится. "
        "Власти области выделят на ремонт школ два миллиарда рублей. "
        "Об этом заявил губернатор Николай Рябов."
    )
    belief = one(a, "уверен")
    assert (belief.act, belief.content.text) == ("belief", "инфляция замедлится")
    back = one(a, "заявил")
    assert back.content.text == "Власти области выделят на ремонт школ два миллиарда рублей"
    assert back.speaker.name == "Николай Рябов"


def test_mixed_quote_and_quoted_name(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Депутат Ольга Князева назвала законопроект «опасной ошибкой». "
        "Редактор Илья Фомин сообщил, что газета «Вечерний город» закроется."
    )
    assert one(a, "назвала").kind == "mixed"
    assert one(a, "сообщил").kind == "indirect"  # quote marks around a name do not make it mixed


def test_postposed_and_interposed_cues(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Цены на жильё снизятся к осени, пишет газета «Городские вести». "
        "Спрос на квартиры, считают аналитики, останется низким."
    )
    post = one(a, "пишет")
    assert post.content.text == "Цены на жильё снизятся к осени"
    inter = one(a, "считают")
    assert inter.content.text == "Спрос на квартиры, считают аналитики, останется низким"
    assert inter.speaker.name is None and inter.speaker.mention is not None  # a generic source


def test_stance_classes_come_from_the_lexicon(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Министр Андрей Белов признал, что сроки сорваны. "
        "Министр Андрей Белов опроверг сообщения о своей отставке. "
        "Сенатор Вера Климова обвинила министра в халатности. "
        "Министр Андрей Белов подчеркнул, что бюджет сохранится."
    )
    assert one(a, "признал").cue.cls == "admission"  # type: ignore[union-attr]
    assert one(a, "опроверг").cue.cls == "denial"  # type: ignore[union-attr]
    assert one(a, "обвинила").cue.cls == "accusation"  # type: ignore[union-attr]
    assert one(a, "подчеркнул").cue.cls == "emphatic"  # type: ignore[union-attr]


# -- speakers ---------------------------------------------------------------------------


def test_pronouns_go_to_the_person_who_agrees(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Вчера Ирина Соболева встретилась с Виктором Ладыгиным. "
        "Она сказала, что соглашение будет подписано. "
        "Он добавил, что детали пока обсуждаются."
    )
    assert one(a, "сказала").speaker.name == "Ирина Соболева"
    assert one(a, "добавил").speaker.name == "Виктор Ладыгин"


def test_role_nouns_and_press_services(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "В среду в столицу прилетел министр Аркадий Веденеев. "
        "Дипломат заявил, что визит продлится три дня. "
        "Пресс-служба Кремля сообщила, что встреча пройдёт в пятницу."
    )
    assert one(a, "заявил").speaker.name == "Аркадий Веденеев"
    press = one(a, "сообщила")
    assert press.speaker.name == "Кремль" and press.speaker.mention.text.startswith("Пресс-служба")  # type: ignore[union-attr]


def test_a_persons_mentions_are_one_entity_with_the_fullest_name(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Глава компании Дмитрий Сергеевич Волков заявил, что завод построят. "
        "По словам Волкова, работы начнутся весной."
    )
    assert one(a, "По словам").speaker.name == "Дмитрий Сергеевич Волков"
    people = [e for e in a.entities if e.type == "PERSON"]
    assert len(people) == 1 and len(people[0].mentions) == 2


def test_attributions_inside_a_quotation_are_not_the_narrators(ru: Callable[[str], Analysis]) -> None:
    a = ru("«Коллеги заявили, что проект закрыт, но я не согласен», — сказал инженер Лев Гаранин.")
    assert [s.cue.text for s in a.statements if s.cue] == ["сказал"]


# -- the pipeline -----------------------------------------------------------------------


def test_saved_pipeline_loads_and_carries_its_lexicons(tmp_path: Path) -> None:
    import json

    import spacy

    from claimgraph.pipeline import doc_statements, load_russian_pipeline

    text = (
        "Заголовок\n\nМинистр Олег Рябов заявил, что мост откроют. Мэр Ольга Лис сообщила, что мост закрыт."
    )
    nlp = load_russian_pipeline()
    before = [s.to_dict() for s in doc_statements(nlp(text))]
    assert len(before) == 2
    nlp.to_disk(tmp_path / "ru")
    saved = tmp_path / "ru" / "claimgraph_ru" / "lexicons.json"
    lexicons = json.loads(saved.read_text(encoding="utf-8"))
    lexicons["reporting_verbs"] = [v for v in lexicons["reporting_verbs"] if v["lemma"] != "сообщить"]
    saved.write_text(json.dumps(lexicons, ensure_ascii=False), encoding="utf-8")
    loaded = spacy.load(tmp_path / "ru")
    doc = loaded(text)
    after = [s.to_dict() for s in doc_statements(doc)]
    assert after == before[:1]  # the saved lexicon, not the package's, decided
    from spacy.tokens import Doc

    copy = Doc(loaded.vocab).from_bytes(doc.to_bytes())
    assert [s.to_dict() for s in doc_statements(copy)] == after


def test_every_reporting_verb_form_reaches_its_lexicon_entry() -> None:
    """Past forms of each gender and the plural lemmatise back to the entry (so "заявил",
    "заявила", "заявили" are all found), for every verb of the lexicon."""
    from natasha import MorphVocab

    from claimgraph.lexicons import load
    from claimgraph.nlp_ru import lemma

    vocab = MorphVocab()
    missed = []
    for verb in load("ru", "reporting_verbs"):
        if verb.lemma.endswith(("ный", "ённый")):
            continue  # predicative adjectives ("уверен") are checked by the statements tests
        parse = next(p for p in vocab.parse(verb.lemma) if p.tag.POS == "INFN")
        for feats in (
            {"Gender": "Masc", "Tense": "Past"},
            {"Gender": "Fem", "Tense": "Past"},
            {"Number": "Plur", "Tense": "Past"},
        ):
            form = parse.inflect(set(feats.values()))
            if form is None or lemma(vocab, form.word, "VERB", tuple(feats.items())) != verb.lemma.replace(
                "ё", "е"
            ):
                missed.append((verb.lemma, form.word if form else None))
    assert not missed


def test_a_lexicon_row_that_breaks_its_schema_is_refused_with_its_line() -> None:
    from claimgraph.lexicons import SCHEMAS, LexiconError, parse_rows

    schema = SCHEMAS[("ru", "reporting_verbs")]
    with pytest.raises(LexiconError, match=r"verbs\.tsv:2: stance 'angry' is not one of"):
        parse_rows(schema, "# comment\nзаявить\tangry\tspeech\tclause\n", "verbs.tsv")
    with pytest.raises(LexiconError, match=r"verbs\.tsv:1: 2 columns"):
        parse_rows(schema, "заявить\tneutral\n", "verbs.tsv")


def test_cli_names_the_language_it_refuses(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("analyze", "-", stdin=LANGUAGES["uk"] * 3)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "claimgraph: <stdin>: input does not look like English or Russian text: it looks like "
        "Ukrainian (uk), which claimgraph does not analyse"
    ]


def test_outlet_titles_demonstrative_back_references_and_distance(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Тарифы на воду вырастут в мае, пишет газета «Северный курьер». "
        "Район получит новую больницу. С таким предложением выступил депутат Глеб Сомов. "
        "Чиновник заявил, будто деньги уже потрачены."
    )
    assert one(a, "пишет").speaker.name == "Северный курьер"
    back = one(a, "выступил")
    assert (back.content.text, back.speaker.name) == ("Район получит новую больницу", "Глеб Сомов")
    claim = one(a, "заявил")
    assert claim.content.text == "деньги уже потрачены" and claim.cue.cls == "distancing"  # type: ignore[union-attr]


def test_a_colon_takes_the_quotation_in_the_next_paragraph(ru: Callable[[str], Analysis]) -> None:
    a = ru("Мэр Вадим Клим добавил:\n\n«Мы справимся. Деньги уже есть».\n\nЗавтра начнется ремонт.")
    s = one(a, "добавил")
    assert (s.kind, s.content.text, s.speaker.name) == (
        "direct",
        "Мы справимся. Деньги уже есть",
        "Вадим Клим",
    )
    assert len(a.statements) == 1


def test_a_cycle_in_the_parse_is_hung_on_the_root() -> None:
    import spacy

    from claimgraph.nlp_ru import break_cycles

    doc = spacy.blank("ru")("мама мыла раму вчера")
    for token, head in zip(doc, (0, 2, 1, 0), strict=True):
        token._.ru_head = head
    break_cycles(list(doc), doc[0])
    assert [t._.ru_head for t in doc] == [0, 0, 1, 0]
    assert [t.dep_ for t in doc][1] == "dep"


def test_narrator_verbs_reports_in_reports_and_verbal_adverbs(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Напомним, что мост закрыли в мае. "
        "В полиции заявили, что ждут тысячу участников, пишет газета «Заря». "
        "Министр Юрий Зотов ушел в отставку, заявив, что устал."
    )
    cues = sorted(s.cue.text for s in a.statements if s.cue)
    assert cues == ["заявив", "заявили", "пишет"]
    assert one(a, "заявив").speaker.name == "Юрий Зотов"
    assert one(a, "заявили").content.text == "ждут тысячу участников"


def test_circumstances_participles_and_labels_are_not_reports(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Говоря о ценах, министр Олег Чаев отметил рост спроса. "
        "Заявленные цели не достигнуты. "
        "Мэр Ирина Лобова назвала дату выборов. "
        "Мэр Ирина Лобова назвала решение ошибкой."
    )
    assert [(s.cue.text, s.content.text) for s in a.statements if s.cue] == [
        ("отметил", "рост спроса"),
        ("назвала", "решение ошибкой"),
    ]


def test_an_interposed_cue_leaves_the_sentence_whole(ru: Callable[[str], Analysis]) -> None:
    a = ru("Эти меры, считает министр Олег Чаев, помогут экономике.")
    assert one(a, "считает").content.text == "Эти меры, считает министр Олег Чаев, помогут экономике"


def test_a_very_short_cyrillic_text_is_russian_unless_its_letters_say_otherwise() -> None:
    assert detect_language("Да.") == "ru"
    assert detect_language("Привет всем") == "ru"
    assert detect_language("Їжак ґанок") != "ru"


def test_the_author_of_a_document_named_before_is_its_speaker(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Мэр Самары Елена Лапушкина направила письма губернатору области Вячеславу Федорищеву "
        "и председателю думы.\n\n"
        "В направленном губернатору Вячеславу Федорищеву письме говорится:\n\n"
        "«Прошу выделить средства на ремонт набережной.\n\n"
        "Работы должны завершиться до начала лета»."
    )
    letter = [s for s in a.statements if s.kind == "direct"]
    assert [s.content.text for s in letter] == [
        "Прошу выделить средства на ремонт набережной.",
        "Работы должны завершиться до начала лета",
    ]
    # the sender, not the addressee the participle names
    assert {s.speaker.name for s in letter} == {"Елена Лапушкина"}


def test_feminine_and_plural_short_adjectives_are_belief_cues(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Директор музея Ольга Мартынова уверена, что выставка привлечет туристов. "
        "В министерстве культуры убеждены, что музей справится сам."
    )
    assert one(a, "уверена").content.text == "выставка привлечет туристов"
    assert one(a, "убеждены").content.text == "музей справится сам"
    assert one(a, "уверена").act == "belief"


def test_source_frames_of_the_introductory_words(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Со слов водителя, автобус потерял управление на мокрой дороге. "
        "По расчетам синоптиков, снег сойдет к середине апреля. "
        "Прокуратура обвинила бывшего главу района в превышении полномочий."
    )
    assert one(a, "Со слов").content.text == "автобус потерял управление на мокрой дороге"
    assert one(a, "По расчетам").content.text == "снег сойдет к середине апреля"
    assert one(a, "обвинила").content.text == "бывшего главу района в превышении полномочий"


def test_a_chto_clause_goes_with_the_nearest_reporting_verb(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Аналитики советуют инвесторам подождать и рекомендуют покупать облигации, хотя они "
        "и признают, что рынок непредсказуем. Газета «Северный курьер» пишет об этом давно."
    )
    admits = one(a, "признают")
    assert admits.content.text == "рынок непредсказуем"
    # "они" are the analysts, a generic source: nobody is named, the newspaper least of all
    assert admits.speaker.name is None and admits.speaker.mention.text == "они"  # type: ignore[union-attr]
    assert one(a, "рекомендуют").content.text == "покупать облигации"
    assert not [s for s in a.statements if s.cue and s.cue.text == "пишет"]  # "об этом" is no content


def test_a_plural_pronoun_is_the_body_of_the_plural_subject_before(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Власти Эстонии ввели новые пошлины на ввоз зерна из России. Они заявили, что мера "
        "временная. "
        "Министерство финансов России пока не ответило."
    )
    assert one(a, "заявили").speaker.name == "Эстония"


def test_dialogue_goes_on_after_its_cue_and_a_topic_put_first(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "— Урожай в этом году рекордный, — сказал фермер Степан Ильин. — Зерна хватит всем.\n\n"
        "— Цены упадут. Это точно.\n\n"
        "О планах построить элеватор рассказал глава района Игорь Гаврилов."
    )
    said = [s for s in a.statements if s.kind == "direct"]
    assert [s.content.text for s in said] == ["Урожай в этом году рекордный", "Зерна хватит всем"]
    assert said[1].cue is None and said[1].speaker.name == "Степан Ильин"
    # a new paragraph is another turn of the dialogue: nobody is known to say it
    topic = one(a, "рассказал")
    assert topic.content.text == "планах построить элеватор"
    assert topic.speaker.name == "Игорь Гаврилов"


def test_a_subject_the_parser_hung_elsewhere_is_still_the_source(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Касательно переговоров по Сирии Борис Иванов сказал, что от встречи в Женеве не следует "
        "ожидать прорыва. Пожар уничтожил склад, сообщается в заявлении МЧС."
    )
    said = one(a, "сказал")
    assert said.speaker.name == "Борис Иванов"
    assert said.content.text == "от встречи в Женеве не следует ожидать прорыва"
    assert one(a, "сообщается").speaker.name == "МЧС"  # a comma stops the search for a subject


def test_two_frames_joined_by_a_conjunction_and_a_label_in_a_verbal_adverb(
    ru: Callable[[str], Analysis],
) -> None:
    a = ru(
        "В субботу, по данным полиции, на митинг вышли 40 тыс. человек, а по данным "
        "организаторов - 90 тыс. "
        'Лидер партии Виктор Громов выступил за снижение налогов, назвав нынешнюю систему "несправедливой". '
        "Министр назвал дату выборов."
    )
    police, organisers = [s for s in a.statements if s.cue and s.cue.text.lower() == "по данным"]
    assert police.content.text == "В субботу, по данным полиции, на митинг вышли 40 тыс. человек"
    assert organisers.content.text == "90 тыс"
    label = one(a, "назвав")
    assert (label.kind, label.content.text) == ("mixed", 'нынешнюю систему "несправедливой"')
    assert label.speaker.name == "Виктор Громов"
    assert not [s for s in a.statements if s.cue and s.cue.text == "назвал"]  # a date is no label


def test_the_next_reports_own_words_and_common_knowledge(ru: Callable[[str], Analysis]) -> None:
    a = ru(
        "Собеседник агентства отметил, что решение еще не принято, однако добавил, что оно может "
        "быть принято в ближайшие дни. Как известно, выборы пройдут в сентябре. Как стало известно "
        "«Коммерсанту», завод закроют. Эксперты банка подсчитали, что цены выросли на 12%. "
        "По их мнению, рост продолжится."
    )
    assert one(a, "отметил").content.text == "решение еще не принято"  # not "..., однако"
    assert not [s for s in a.statements if s.content.text.startswith("выборы")]
    assert one(a, "известно").content.text == "завод закроют"
    opinion = one(a, "По их мнению")
    # "их" are the bank's experts (the main clause's subject, not "цены"): nobody named
    assert opinion.speaker.name is None and opinion.speaker.mention.text == "их"  # type: ignore[union-attr]
