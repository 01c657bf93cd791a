"""Text -> its language (ISO 639-1) and a confidence, with a model that ships in the package.

Two steps. The writing system decides alone where one language owns it (Hangul is Korean,
kana Japanese, Han without kana Chinese, Greek, Hebrew, Thai, Georgian, Armenian and the
Indic scripts). Otherwise a word model decides between the languages of that script
(Latin, Cyrillic, Arabic): each language has the log-frequencies of its commonest words
and one log-probability for every other word, and the text goes to the language under
which its words are likeliest (naive Bayes over words). `data/language.bin` is built
by `scripts/train_language.py` from wordfreq's word lists (CC BY-SA 4.0) and is read on
first use, never at `import dechaff`.
"""

from __future__ import annotations

import json
import math
import re
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from dechaff import _language

# Texts with fewer letters than this are too short to judge: a title, a caption, a menu.
# Below it `detect_language` says None and `document_language` falls back on <html lang>.
MIN_LETTERS = 20
# Only the start of a text is read: 1,500 characters hold 200-odd words, which settle the
# language of every held-out document we tried, and bound the time per document.
MAX_SAMPLE_CHARS = 1_500
# A language declared by <html lang> gets this confidence: it is the page's word, not a
# measurement, and templates often leave it at "en" whatever the text is.
DECLARED_CONFIDENCE = 0.5
# Confidence is the posterior under the word model with log-likelihoods divided by one
# unit per this many words: naive Bayes treats words as independent, so raw posteriors round to
# 1.0 on any paragraph; tempering keeps them apart on mixed or borderline texts.
WORDS_PER_UNIT = 8.0

# Words are read in steps of this many, up to MAX_WORDS, and reading stops once the leading
# language is ahead of the next by DECISIVE_MARGIN (natural log units: e^-30 odds). On
# held-out text most documents are settled by the first step.
WORDS_PER_STEP = 25
MAX_WORDS = 200
DECISIVE_MARGIN = 30.0
# In text of a modelled language, this share of the words or more is on its list (68-98 %
# for the 5,000-word lists); the confidence falls below it, so lorem ipsum or a language
# the model does not know reads as unsure, not as its nearest neighbour.
EXPECTED_KNOWN_SHARE = 0.5
# Below this confidence, a page's declared <html lang> wins over the measured language.
MIN_CONFIDENCE = 0.5
# A script that holds this share of the letters is the text's script without counting others.
MOSTLY = 0.9
# A Han, kana or Hangul letter stands for about as much text as this many Latin letters.
CJK_LETTER_WEIGHT = 3
ISO_639_1_CHARS = 2

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
# Unicode ranges of the scripts that name their language outright, and of the word-model
# scripts. Checked in this order; the first with most letters wins.
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("latin", "a-z\u00c0-\u024f\u1e00-\u1eff"),
    ("cyrillic", "\u0400-\u04ff\u0500-\u052f"),
    ("arabic", "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"),
    ("han", _HAN),
    ("kana", "\u3040-\u30ff\u31f0-\u31ff"),
    ("hangul", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"),
    ("greek", "\u0370-\u03ff\u1f00-\u1fff"),
    ("hebrew", "\u0590-\u05ff"),
    ("thai", "\u0e00-\u0e7f"),
    ("devanagari", "\u0900-\u097f"),
    ("bengali", "\u0980-\u09ff"),
    ("tamil", "\u0b80-\u0bff"),
    ("georgian", "\u10a0-\u10ff"),
    ("armenian", "\u0530-\u058f"),
)
# Scripts that one language owns (among the languages we tell apart).
_SCRIPT_LANGUAGE = {"hangul": "ko", "greek": "el", "hebrew": "he", "thai": "th",
                    "devanagari": "hi", "bengali": "bn", "tamil": "ta", "georgian": "ka",
                    "armenian": "hy"}
# Japanese mixes kana into Han text; Chinese has none. A CJK text with at least this share
# of kana among its CJK letters is Japanese (Japanese prose runs at 40-70 %).
MIN_KANA_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Gains:
    """word -> [(language index, ln p(word) - unknown), ...], as the model's arrays hold it:
    `_language.rank` sums them in C; `get` reads one word's list (building 136,567 lists at
    load took 0.5 s, issue 14)."""

    rows: dict[str, int]  # word -> its row
    starts: array[int]  # row -> index of its first pair; one more for the end
    languages: bytes  # pair -> language index
    gains: array[int]  # pair -> gain in 1/GAIN_SCALE units

    def get(self, word: str, default: Sequence[tuple[int, float]] = ()
            ) -> Sequence[tuple[int, float]]:
        row = self.rows.get(word)
        if row is None:
            return default
        pairs = range(self.starts[row], self.starts[row + 1])
        return tuple((self.languages[i], self.gains[i] / GAIN_SCALE) for i in pairs)


@dataclass(frozen=True, slots=True)
class WordModel:
    """Per-script naive Bayes over words: what `data/language.bin` holds."""

    languages: tuple[str, ...]
    script_languages: dict[str, tuple[int, ...]]  # script -> indexes into `languages`
    unknown: tuple[float, ...]  # log-probability of a word outside a language's list
    gains: Gains


def detect_language(text: str) -> tuple[str, float] | None:
    """The language of `text` as (ISO 639-1 code, confidence 0-1), or None when the text
    is too short to judge. Reads the first 1,500 characters; never raises on content."""
    if not isinstance(text, str):
        return None
    sample = text[:MAX_SAMPLE_CHARS].lower()
    words, letters, latin = _language.words(sample)
    if letters < MIN_LETTERS:
        return None
    script, share = _script(sample, letters, latin)
    if script == "cjk":
        kana, han = len(_KANA.findall(sample)), len(_script_patterns()["han"].findall(sample))
        return ("ja" if kana >= MIN_KANA_SHARE * (kana + han) else "zh"), round(share, 3)
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script], round(share, 3)
    return _by_words(words, script, share)


def document_language(text: str, html_lang: str | None) -> tuple[str, float] | None:
    """The language of a document's clean text; the one its `<html lang>` declares when the
    text is too short to judge, or reads like none of the languages the model knows."""
    found = detect_language(text)
    declared = (html_lang or "").strip().lower().replace("_", "-").split("-")[0]
    if len(declared) != ISO_639_1_CHARS or not declared.isalpha():
        return found
    if found is None or (found[1] < MIN_CONFIDENCE and found[0] != declared):
        return declared, DECLARED_CONFIDENCE
    return found


def _script(sample: str, letters: int, latin: int) -> tuple[str, float]:
    """The script most letters are written in, and its share of the letters. Han, kana and
    Hangul letters count CJK_LETTER_WEIGHT times: one stands for a word. `letters` counts
    the letters of the sample's words, `latin` the Latin ones (`_language.words`)."""
    if latin >= MOSTLY * letters:
        return "latin", latin / letters
    counts = {name: len(pattern.findall(sample)) for name, pattern in _script_patterns().items()}
    counts["cjk"] = (counts.pop("han") + counts.pop("kana")) * CJK_LETTER_WEIGHT
    counts["hangul"] *= CJK_LETTER_WEIGHT
    total = sum(counts.values()) or 1
    script = max(counts, key=counts.__getitem__)
    return script, counts[script] / total


def _by_words(words: list[str], script: str, script_share: float) -> tuple[str, float] | None:
    """Naive Bayes over the words, read in steps until one language leads decisively (the
    sums in C: `_language.rank`)."""
    model = load_model()
    candidates = model.script_languages.get(script)
    if not candidates:
        return None
    if len(candidates) == 1:
        return model.languages[candidates[0]], round(script_share, 3)
    gains = model.gains
    ranked, read, known = _language.rank(
        gains.rows, gains.starts, gains.languages, gains.gains, words, candidates,
        model.unknown, MAX_WORDS, WORDS_PER_STEP, DECISIVE_MARGIN)
    best = ranked[0][1]
    coverage = min(1.0, known / read / EXPECTED_KNOWN_SHARE)
    confidence = _posterior(ranked, read) * coverage * script_share
    return model.languages[best], round(confidence, 3)


def _posterior(ranked: list[tuple[float, int]], words: int) -> float:
    """The best language's posterior, with log-likelihoods tempered (WORDS_PER_UNIT)."""
    scale = max(1.0, words / WORDS_PER_UNIT)
    top = ranked[0][0]
    return 1.0 / sum(math.exp((score - top) / scale) for score, _ in ranked)


@cache
def _script_patterns() -> dict[str, re.Pattern[str]]:
    """One character class per script; compiled on first use (the Han class is large)."""
    return {name: re.compile(f"[{chars}]") for name, chars in _SCRIPTS}


@cache
def load_model() -> WordModel:
    """Read the word model shipped in the package (once per process)."""
    from importlib.resources import files

    return unpack_model(files("dechaff").joinpath("data", MODEL_FILE).read_bytes())


# The model's file: zlib of MAGIC, then a JSON header (languages, scripts, unknown, and the
# counts of words and pairs), the words joined by line breaks, and three arrays in little
# endian: each word's first pair (uint32, one more for the end), each pair's language
# (uint8) and gain (int16, in hundredths: the gains are rounded to two decimals, and n/100
# is the same float as the decimal the JSON form held, so the predictions are the same).
# Loads in 0.03 s where the JSON took 0.5 s.
MODEL_FILE = "language.bin"
MAGIC = b"dechaff-language-1\n"
GAIN_SCALE = 100
_LENGTH = struct.Struct("<I")


def pack_model(model: dict[str, Any]) -> bytes:
    """The file form of a model built by scripts/train_language.py (its JSON-like dict)."""
    words = sorted(model["gains"])
    starts, languages, gains = array("I", [0]), bytearray(), array("h")
    for word in words:
        for index, gain in model["gains"][word]:
            languages.append(index)
            gains.append(round(gain * GAIN_SCALE))
        starts.append(len(gains))
    header = {key: value for key, value in model.items() if key != "gains"}
    header.update(words=len(words), pairs=len(gains))
    parts = [json.dumps(header, sort_keys=True).encode(), "\n".join(words).encode()]
    out = [MAGIC] + [_LENGTH.pack(len(part)) + part for part in parts]
    out += [_little(starts), bytes(languages), _little(gains)]
    return zlib.compress(b"".join(out), 9)


def unpack_model(data: bytes) -> WordModel:
    raw = memoryview(zlib.decompress(data))
    if raw[: len(MAGIC)] != MAGIC:
        raise ValueError("not a dechaff language model")
    at = len(MAGIC)
    parts = []
    for _ in range(2):
        (length,) = _LENGTH.unpack_from(raw, at)
        parts.append(bytes(raw[at + _LENGTH.size : at + _LENGTH.size + length]))
        at += _LENGTH.size + length
    header = json.loads(parts[0])
    words, pairs = header["words"], header["pairs"]
    starts = _array("I", raw[at : at + 4 * (words + 1)])
    at += 4 * (words + 1)
    languages = bytes(raw[at : at + pairs])
    gains = _array("h", raw[at + pairs : at + 3 * pairs])
    rows = {word: row for row, word in enumerate(parts[1].decode().split("\n"))}
    return WordModel(
        languages=tuple(header["languages"]),
        script_languages={script: tuple(ix) for script, ix in header["scripts"].items()},
        unknown=tuple(header["unknown"]),
        gains=Gains(rows, starts, languages, gains),
    )


def _little(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _array(typecode: str, data: memoryview) -> array[int]:
    values = array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values
