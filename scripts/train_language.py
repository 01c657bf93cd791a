"""Build dechaff's language model, src/dechaff/data/language.bin, from word frequencies.

    pip install wordfreq==3.1.1        # training only; dechaff does not need it at run time
    python scripts/train_language.py [--words 5000] [--out src/dechaff/data/language.bin]

Data: wordfreq 3.1.1 (PyPI), code Apache-2.0, word lists CC BY-SA 4.0 (https://github.com/
rspeer/wordfreq, by Robyn Speer and contributors; built from Wikipedia, subtitles
(OpenSubtitles, SUBTLEX), news (NewsCrawl, GlobalVoices), books (Google Books Ngrams), web
text (OSCAR, ParaCrawl), Reddit and Twitter). The model is a derived database of those lists
(log-frequencies of each language's commonest words), so it is shared under the same
licence, CC BY-SA 4.0, with this attribution; dechaff's code stays MIT.

The model holds `languages` (codes), `scripts` (script -> language indexes), `unknown` (per
language) and `gains` (word -> [[language index, ln p(word) - unknown], ...]); the file is
its compact binary form (`dechaff.language.pack_model`), which loads in a fraction of the
time JSON took.

What is built: for each language that wordfreq covers and whose script is shared with other
languages (Latin, Cyrillic, Arabic), the `--words` commonest words after dechaff's own
tokenisation (`[^\\W\\d_]+`, lower case), each with ln(frequency), and one ln-probability for
any other word: the frequency mass outside the list spread over UNSEEN_WORDS word types. At
run time `dechaff.language` adds, per language, the log-probability of each word of the
text. Languages that own their script (Greek, Hebrew, Korean, ...) need no model: the
script decides. Nothing here reads ../shared/bench (evaluation pages are not training data);
scripts/eval_language.py measures the model on held-out text from another source.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from pathlib import Path

from dechaff.language import pack_model

OUT = Path(__file__).resolve().parents[1] / "src" / "dechaff" / "data" / "language.bin"
# The same tokenisation as dechaff.language._WORDS.
WORDS = re.compile(r"[^\W\d_]+")
# Words outside a language's list share its leftover frequency mass as if there were this
# many of them: it sets how much an unknown word costs against a known one.
UNSEEN_WORDS = 200_000
# wordfreq language -> ISO 639-1 code we report. wordfreq's "fil" is Filipino, whose ISO
# 639-1 code is Tagalog's; "sh" (Serbo-Croatian) is itself an ISO 639-1 code (deprecated),
# kept because no word list here tells Bosnian, Croatian and Serbian apart.
CODES = {"fil": "tl"}
# Languages the script decides (dechaff.language._SCRIPT_LANGUAGE, Han and kana): no model.
SCRIPT_OWNED = {"ja", "zh", "ko", "el", "he", "bn", "ta", "hi"}
SCRIPTS = {
    "latin": re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
}
# Serbian is written in Cyrillic as much as in Latin, and the two map letter for letter:
# the Cyrillic model ("sr") is wordfreq's Serbo-Croatian list transliterated.
SERBIAN_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}
SERBIAN_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж",
                           strict=True))
# Gains are stored rounded to this many decimals: finer steps change no decision.
DECIMALS = 2


def word_counts(lang: str) -> Counter[str]:
    """Frequency of each of dechaff's tokens in wordfreq's list for `lang`."""
    import wordfreq

    counts: Counter[str] = Counter()
    for word, freq in wordfreq.get_frequency_dict(lang, wordlist="best").items():
        for token in WORDS.findall(word.lower()):
            counts[token] += freq
    return counts


def serbian_cyrillic(counts: Counter[str]) -> Counter[str]:
    """The Serbo-Croatian word counts with the words written in Serbian Cyrillic."""
    out: Counter[str] = Counter()
    for word, freq in counts.items():
        for latin, cyrillic in SERBIAN_DIGRAPHS.items():
            word = word.replace(latin, cyrillic)
        if all(ch in SERBIAN_LETTERS or ch in "љњџ" for ch in word):
            out["".join(SERBIAN_LETTERS.get(ch, ch) for ch in word)] += freq
    return out


def script_of(counts: Counter[str]) -> str | None:
    """The script most of a language's 200 commonest words are written in."""
    text = "".join(word for word, _ in counts.most_common(200))
    totals = {name: len(pattern.findall(text)) for name, pattern in SCRIPTS.items()}
    best = max(totals, key=totals.__getitem__)
    return best if totals[best] > len(text) / 2 else None


def build(words: int) -> dict[str, object]:
    import wordfreq

    languages = sorted(set(wordfreq.available_languages(wordlist="best")) - SCRIPT_OWNED)
    scripts: dict[str, list[str]] = {}
    unknown: dict[str, float] = {}
    gains: dict[str, list[tuple[str, float]]] = {}
    lists = [(CODES.get(lang, lang), word_counts(lang)) for lang in languages]
    lists += [("sr", serbian_cyrillic(counts)) for code, counts in lists if code == "sh"]
    for code, counts in lists:
        script = script_of(counts)
        if script is None:
            print(f"  {code}: no Latin, Cyrillic or Arabic script, skipped")
            continue
        total = sum(counts.values())
        top = counts.most_common(words)
        covered = sum(freq for _, freq in top) / total
        unknown[code] = math.log((1 - covered) / UNSEEN_WORDS)
        scripts.setdefault(script, []).append(code)
        for word, freq in top:
            gain = round(math.log(freq / total) - unknown[code], DECIMALS)
            if gain > 0:
                gains.setdefault(word, []).append((code, gain))
        print(f"  {code}: {script}, {len(top)} words cover {covered:.1%} of running text")
    codes = sorted(unknown)
    index = {code: i for i, code in enumerate(codes)}
    return {
        "source": "wordfreq 3.1.1 word lists, CC BY-SA 4.0; built by scripts/train_language.py",
        "licence": "CC BY-SA 4.0",
        "words_per_language": words,
        "languages": codes,
        "scripts": {script: [index[c] for c in members] for script, members in scripts.items()},
        "unknown": [round(unknown[code], DECIMALS) for code in codes],
        "gains": {word: [[index[c], g] for c, g in pairs] for word, pairs in gains.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--words", type=int, default=5000, help="words per language")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    model = build(args.words)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pack_model(model))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, "
          f"{len(model['gains'])} words)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
