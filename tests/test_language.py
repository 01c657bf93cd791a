# ruff: noqa: RUF001  (Cyrillic and Greek sample texts look like Latin letters)
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dechaff.language import (
    detect_language,
    document_language,
    load_model,
    pack_model,
    unpack_model,
)

SAMPLES = {
    "en": "The council voted on Tuesday to extend the opening hours of the public library, "
          "after residents asked for more evening study space during the exam season.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die Öffnungszeiten der Bibliothek zu "
          "verlängern, nachdem sich viele Bürger mehr Platz zum Lernen gewünscht hatten.",
    "fr": "Le conseil municipal a voté mardi la prolongation des horaires de la bibliothèque, "
          "après que de nombreux habitants ont demandé plus de places pour étudier le soir.",
    "es": "El ayuntamiento aprobó el martes ampliar el horario de la biblioteca pública, "
          "después de que muchos vecinos pidieran más espacio para estudiar por la noche.",
    "pt": "A câmara municipal aprovou na terça-feira o alargamento do horário da biblioteca, "
          "depois de muitos moradores terem pedido mais espaço para estudar à noite.",
    "it": "Il consiglio comunale ha approvato martedì l'estensione dell'orario della "
          "biblioteca, dopo che molti cittadini avevano chiesto più spazio per studiare.",
    "nl": "De gemeenteraad heeft dinsdag besloten de openingstijden van de bibliotheek te "
          "verlengen, nadat veel inwoners om meer studieplekken in de avond hadden gevraagd.",
    "pl": "Rada miasta zdecydowała we wtorek o wydłużeniu godzin otwarcia biblioteki, "
          "ponieważ wielu mieszkańców prosiło o więcej miejsca do nauki wieczorem.",
    "cs": "Městská rada v úterý rozhodla o prodloužení otevírací doby knihovny, protože "
          "mnoho obyvatel žádalo více místa ke studiu ve večerních hodinách.",
    "ru": "Городской совет во вторник решил продлить часы работы библиотеки, после того как "
          "многие жители попросили больше места для занятий по вечерам.",
    "uk": "Міська рада у вівторок вирішила подовжити години роботи бібліотеки, після того "
          "як багато мешканців попросили більше місця для навчання ввечері.",
    "tr": "Belediye meclisi salı günü kütüphanenin çalışma saatlerini uzatmaya karar verdi, "
          "çünkü birçok vatandaş akşamları ders çalışmak için daha fazla yer istedi.",
    "el": "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να επεκτείνει το ωράριο της βιβλιοθήκης.",
    "ja": "市議会は火曜日、図書館の開館時間を延長することを決めた。多くの住民が夜に勉強できる"
          "場所を求めていた。",
    "zh": "市议会周二决定延长图书馆的开放时间，此前许多居民要求在晚上提供更多的学习空间。",
    "ko": "시의회는 화요일 도서관 운영 시간을 연장하기로 결정했다. 많은 주민들이 저녁에 공부할 "
          "공간을 요청했다.",
    "ar": "قرر مجلس المدينة يوم الثلاثاء تمديد ساعات عمل المكتبة العامة بعد أن طلب كثير من "
          "السكان مساحة أكبر للدراسة في المساء.",
}


@pytest.mark.parametrize(("code", "text"), sorted(SAMPLES.items()))
def test_a_paragraph_is_recognised_in_its_language(code: str, text: str) -> None:
    found = detect_language(text)
    assert found is not None
    assert found[0] == code
    assert 0.5 < found[1] <= 1.0


def test_a_text_too_short_to_judge_gives_none() -> None:
    assert detect_language("Home | News") is None
    assert detect_language("") is None
    assert detect_language("12345 !!! 678") is None


def test_odd_input_never_raises() -> None:
    for value in (None, 42, "\x00" * 1000, "a" * 1_000_000, "🙂" * 500, "ab " * 50_000):
        result = detect_language(value)  # type: ignore[arg-type]
        assert result is None or isinstance(result[0], str)


def test_document_language_falls_back_on_html_lang_for_a_short_text() -> None:
    assert document_language("Menu", "pt-BR") == ("pt", 0.5)
    assert document_language("Menu", None) is None
    assert document_language("Menu", "not a language") is None


def test_the_measured_language_wins_over_a_wrong_html_lang() -> None:
    found = document_language(SAMPLES["de"], "en")
    assert found is not None
    assert found[0] == "de"


def test_lorem_ipsum_reads_as_unsure_and_the_declared_language_stands() -> None:
    lorem = ("Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod "
             "tempor invidunt ut labore et dolore magna aliquyam erat, sed diam voluptua.")
    found = detect_language(lorem)
    assert found is not None
    assert found[1] < 0.5
    assert document_language(lorem, "en") == ("en", 0.5)


def test_the_model_ships_in_the_package_and_covers_the_major_languages() -> None:
    model = load_model()
    assert {"en", "de", "fr", "es", "pt", "it", "nl", "pl", "ru", "uk", "ar", "tr"} <= set(
        model.languages)


def test_importing_dechaff_does_not_load_the_language_model() -> None:
    code = ("import sys, dechaff, dechaff.language; "
            "assert dechaff.language.load_model.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_model_file_round_trips_every_gain_exactly() -> None:
    model = {"languages": ["de", "en"], "scripts": {"latin": [0, 1]}, "unknown": [-12.5, -11.25],
             "licence": "CC BY-SA 4.0",
             "gains": {"the": [[1, 9.87]], "und": [[0, 8.01], [1, 0.33]],
                       "\u00e9t\u00e9": [[0, 0.01]]}}
    read = unpack_model(pack_model(model))
    assert read.languages == ("de", "en")
    assert read.unknown == (-12.5, -11.25)
    assert read.script_languages == {"latin": (0, 1)}
    for word, pairs in model["gains"].items():  # type: ignore[union-attr]
        assert list(read.gains.get(word)) == [tuple(pair) for pair in pairs]
    assert read.gains.get("absent") == ()


def test_the_shipped_model_knows_its_languages_and_common_words() -> None:
    model = load_model()
    assert len(model.languages) > 30
    english = model.languages.index("en")
    assert any(index == english for index, _ in model.gains.get("the"))


def _rank_in_python(model, words, candidates, max_words, step, margin):  # type: ignore[no-untyped-def]
    """The sums of `_language.rank`, written out as plainly as they can be: the reference."""
    scores = [0.0] * len(model.languages)
    known = [0] * len(model.languages)
    ranked: list[tuple[float, int]] = []
    read = 0
    for start in range(0, min(len(words), max_words), step):
        chunk = words[start : start + step]
        read += len(chunk)
        for word in chunk:
            for index, gain in model.gains.get(word):
                scores[index] += gain
                known[index] += 1
        ranked = sorted(((scores[i] + read * model.unknown[i], i) for i in candidates),
                        reverse=True)
        if ranked[0][0] - ranked[1][0] >= margin:
            break
    return ranked, read, known[ranked[0][1]] if ranked else 0


def test_the_c_sums_are_the_python_sums_to_the_last_bit() -> None:
    import random

    from dechaff import _language

    model = load_model()
    rng = random.Random(7)
    vocabulary = list(model.gains.rows)
    scripts = [c for c in model.script_languages.values() if len(c) > 1]
    for trial in range(300):
        words = [rng.choice(vocabulary) if rng.random() < 0.8 else "zzqx" * rng.randint(1, 3)
                 for _ in range(rng.randint(1, 260))]
        candidates = rng.choice(scripts)
        step, margin = rng.choice([(25, 30.0), (7, 5.0), (1, 1e9)])
        gains = model.gains
        got = _language.rank(gains.rows, gains.starts, gains.languages, gains.gains, words,
                             candidates, model.unknown, 200, step, margin)
        expected = _rank_in_python(model, words, candidates, 200, step, margin)
        assert (got[0], got[1], got[2]) == expected, trial


_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80) | st.text(alphabet="ab \u00e9\u00d7\u00b2\u0665\u2167_1\u4e00-",
                                       max_size=40))
def test_the_words_are_the_runs_the_regex_finds(sample: str) -> None:
    from dechaff import _language

    words, letters, latin = _language.words(sample)
    assert words == _WORD.findall(sample)
    assert letters == sum(map(len, words))
    assert latin == len(_LATIN.findall("".join(words))) + sample.count("\u00d7") + \
        sample.count("\u00f7")


def test_the_c_sums_refuse_what_is_not_a_model() -> None:
    from dechaff import _language

    model = load_model()
    gains = model.gains
    with pytest.raises(ValueError, match="step"):
        _language.rank(gains.rows, gains.starts, gains.languages, gains.gains, ["the"], (0, 1),
                       model.unknown, 200, 0, 30.0)
    with pytest.raises(ValueError, match="language"):
        _language.rank(gains.rows, gains.starts, gains.languages, gains.gains, ["the"],
                       (0, 999), model.unknown, 200, 25, 30.0)
    assert _language.rank({}, b"\0\0\0\0", b"", b"", [], (0, 1), (0.0, 0.0), 200, 25, 30.0) == \
        ([], 0, 0)
    assert _language.words("") == ([], 0, 0)
