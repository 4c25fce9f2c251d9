"""Measure the language identifiers claimgraph could keep (py3langid, lingua, pycld2) on
short and long texts in Russian, Ukrainian, Belarusian, Bulgarian and English.

The sentences below were written for this script; the long Russian texts are read from
../shared/data/ru-dev at run time (measuring only). Prints accuracy per length and the time
of each library relative to the fastest, in one run.

    pip install -e '.[langid-measure]'   # lingua and pycld2, compared with the kept py3langid
    PYTHONPATH=src python scripts/measure_langid.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

SHORT = {
    "ru": [
        "Министр заявил, что переговоры продолжатся.",
        "Он не стал комментировать решение суда.",
        "По словам эксперта, цены вырастут.",
        "Власти города закрыли мост на ремонт.",
        "Мы готовы к диалогу, сказала она.",
        "Это был тяжёлый год для всех нас.",
    ],
    "uk": [
        "Міністр заявив, що переговори триватимуть.",
        "Він не став коментувати рішення суду.",
        "За словами експерта, ціни зростуть.",
        "Влада міста закрила міст на ремонт.",
        "Ми готові до діалогу, сказала вона.",
        "Це був важкий рік для всіх нас.",
    ],
    "be": [
        "Міністр заявіў, што перамовы працягнуцца.",
        "Ён не стаў каментаваць рашэнне суда.",
        "Па словах эксперта, цэны вырастуць.",
        "Улады горада зачынілі мост на рамонт.",
        "Мы гатовыя да дыялогу, сказала яна.",
        "Гэта быў цяжкі год для ўсіх нас.",
    ],
    "bg": [
        "Министърът заяви, че преговорите ще продължат.",
        "Той не пожела да коментира решението на съда.",
        "Според експерта цените ще се повишат.",
        "Властите в града затвориха моста за ремонт.",
        "Готови сме за диалог, каза тя.",
        "Това беше тежка година за всички нас.",
    ],
    "en": [
        "The minister said the talks would continue.",
        "He declined to comment on the court ruling.",
        "According to the expert, prices will rise.",
        "City officials closed the bridge for repairs.",
        "We are ready to talk, she said.",
        "It was a hard year for all of us.",
    ],
}


def long_texts() -> dict[str, list[str]]:
    """Each language's short sentences joined into one paragraph, plus the ru-dev texts."""
    texts = {lang: [" ".join(sents)] for lang, sents in SHORT.items()}
    root = Path(__file__).resolve().parents[2] / "shared" / "data" / "ru-dev"
    if not root.is_dir():
        root = Path("/work/shared/data/ru-dev")
    texts["ru"] += [json.loads(p.read_text())["text"] for p in sorted(root.glob("*.json"))]
    return texts


def detectors():  # type: ignore[no-untyped-def]
    import py3langid
    import pycld2
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.RUSSIAN, Language.UKRAINIAN, Language.BELARUSIAN, Language.BULGARIAN, Language.ENGLISH]
    lingua_all = LanguageDetectorBuilder.from_all_languages().build()
    lingua_five = LanguageDetectorBuilder.from_languages(*langs).build()

    def lingua(detector):  # type: ignore[no-untyped-def]
        def detect(text: str) -> str:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else "?"

        return detect

    def cld2(text: str) -> str:
        _, _, details = pycld2.detect(text)
        return details[0][1]

    return {
        "py3langid": lambda t: py3langid.classify(t)[0],
        "pycld2": cld2,
        "lingua (all languages)": lingua(lingua_all),
        "lingua (5 languages)": lingua(lingua_five),
    }


def main() -> int:
    cases = {"short": SHORT, "long": long_texts()}
    for name, detect in detectors().items():
        detect("warm up")
        start = time.perf_counter()
        line = []
        for length, by_lang in cases.items():
            right = total = 0
            misses = []
            for lang, texts in by_lang.items():
                for text in texts:
                    got = detect(text)
                    right += got == lang
                    total += 1
                    if got != lang:
                        misses.append(f"{lang}->{got}")
            line.append(f"{length} {right}/{total} {' '.join(misses)}")
        elapsed = time.perf_counter() - start
        print(f"{name:24} {elapsed * 1000:8.1f} ms  " + " | ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
