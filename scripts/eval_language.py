"""Held-out accuracy of dechaff's language model on text it was not built from.

    mkdir -p /tmp/langeval && cd /tmp/langeval && apt-get download installation-guide-amd64 \\
        manpages manpages-{cs,da,de,el,es,fi,fr,hu,id,it,mk,nb,nl,pl,pt-br,ro,ru,sr,sv,tr,uk,vi}
    for f in *.deb; do dpkg-deb -x "$f" root; done
    python scripts/eval_language.py /tmp/langeval/root [--per-language 300]

Held-out text: Debian's installation guide (HTML, one complete translation per language;
GPL-2+) and the Debian manual pages and their translations (manpages, manpages-l10n; GPL
and other free licences). They are read here for measurement only, never shipped or fit on.
The model (scripts/train_language.py) comes from wordfreq's word lists, another source.
Man pages keep some untranslated English (option tables, examples): a few errors counted
here are English paragraphs labelled as their package's language.

Each language's text is cut into samples of about `--chars` characters (default: 150, a
paragraph, and 600, a short document) at paragraph boundaries; every sample is labelled
with its folder's language. Prints accuracy per sample length and per language, and the
time per call.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dechaff import dom
from dechaff.language import detect_language

# Folder names -> the ISO 639-1 code a right answer has. Serbian man pages are Cyrillic;
# Serbo-Croatian ("sh") is the model's answer for the Latin script.
LABELS = {"pt_BR": "pt", "zh_CN": "zh", "zh_TW": "zh", "nb": "nb"}
ALSO_RIGHT = {"sr": {"sr", "sh"}}
# --clean: letters a text in the language all but always holds (a 150-character paragraph
# of Czech with no háček or čárka is English that was never translated), and the script of
# the languages that do not write in Latin letters. Decided from the label and the text
# alone, never from the model's answer.
ALPHABET = {
    "cs": "ěščřžýáíéůú", "da": "æøå", "sv": "åäö", "fi": "äö", "de": "äöüß", "fr": "éèêàçùâîô",
    "es": "ñáéíóú", "pt": "ãõçáéíóúâê", "it": "àèéìòù", "ca": "àèéíòóúç", "hu": "áéíóöőúüű",
    "pl": "ąćęłńóśźż", "ro": "ăâîșşțţ", "tr": "çğıöşü", "vi": "ăâđêôơư", "nb": "æøå",
}
SCRIPT = {"ru": "\u0400-\u04ff", "uk": "\u0400-\u04ff", "mk": "\u0400-\u04ff",
          "sr": "\u0400-\u04ff", "bg": "\u0400-\u04ff", "el": "\u0370-\u03ff",
          "ja": "\u3040-\u30ff\u4e00-\u9fff", "zh": "\u4e00-\u9fff", "ko": "\uac00-\ud7af"}
_TROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\f\(..|\\\(..|\\[&|^~0e-]|\\\*\(..|\\\*.|\\s[-+]?\d")
_SPACES = re.compile(r"\s+")


def guide_paragraphs(root: Path) -> dict[str, list[str]]:
    """Paragraphs of the installation guide, per language folder."""
    out: dict[str, list[str]] = defaultdict(list)
    for folder in sorted((root / "usr/share/doc/installation-guide-amd64").iterdir()):
        if not folder.is_dir():
            continue
        for page in sorted(folder.glob("*.html"))[:80]:
            parsed = dom.parse(page.read_text(encoding="utf-8", errors="replace"))
            for node in parsed.css("p"):
                text = _SPACES.sub(" ", node.text(deep=True)).strip()
                if len(text) >= 40:  # noqa: PLR2004 - skip captions and labels
                    out[folder.name].append(text)
    return out


def man_paragraphs(root: Path) -> dict[str, list[str]]:
    """Prose paragraphs of the manual pages, per language folder (English: man1..man8)."""
    out: dict[str, list[str]] = defaultdict(list)
    base = root / "usr/share/man"
    for folder in sorted(base.iterdir()):
        lang = "en" if folder.name.startswith("man") else folder.name
        pages = sorted(folder.glob("*.gz") if lang == "en" else folder.glob("man*/*.gz"))
        for page in pages[:400]:
            out[lang].extend(_troff_paragraphs(gzip.decompress(page.read_bytes())))
    return out


def _troff_paragraphs(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    paragraphs, current = [], []
    for line in text.splitlines():
        if line.startswith((".", "'")):  # a request: a paragraph break or markup
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        line = _TROFF_ESCAPE.sub("", line).strip()
        if line:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if len(p) >= 40 and p.count(" ") >= 5]  # noqa: PLR2004


def samples(paragraphs: list[str], chars: int, limit: int) -> list[str]:
    """Consecutive paragraphs joined to about `chars` characters, spread over the text."""
    out, current = [], ""
    for paragraph in paragraphs:
        current = f"{current} {paragraph}".strip()
        if len(current) >= chars:
            out.append(current[: chars * 2])
            current = ""
    step = max(1, len(out) // limit)
    return out[::step][:limit]


def plausible(sample: str, label: str) -> bool:
    """Whether the sample can be in `label`'s language at all, by its alphabet."""
    if label in ALPHABET:
        return any(ch in ALPHABET[label] for ch in sample.lower())
    if label in SCRIPT:
        letters = re.findall(r"[^\W\d_]", sample)
        own = re.findall(f"[{SCRIPT[label]}]", sample)
        return len(own) * 2 >= len(letters)
    return True


def evaluate(texts: dict[str, list[str]], chars: int, limit: int, clean: bool) -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    elapsed = 0.0
    for folder, paragraphs in sorted(texts.items()):
        label = LABELS.get(folder, folder)
        for sample in samples(paragraphs, chars, limit):
            if clean and not plausible(sample, label):
                continue
            start = time.perf_counter()
            found = detect_language(sample)
            elapsed += time.perf_counter() - start
            code = found[0] if found else "none"
            total[label] += 1
            if code in ALSO_RIGHT.get(label, {label}):
                right[label] += 1
            else:
                wrong[label][code] += 1
    n = sum(total.values())
    print(f"\n~{chars} characters: {sum(right.values()) / n:.4f} of {n} samples "
          f"({elapsed / n * 1e3:.3f} ms per call); macro average "
          f"{sum(right[k] / total[k] for k in total) / len(total):.4f} over {len(total)}")
    for label in sorted(total):
        errors = ", ".join(f"{c} {k}" for k, c in wrong[label].most_common(3))
        print(f"  {label:<4} {right[label] / total[label]:.3f} of {total[label]:>4}  {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("root", type=Path, help="folder the Debian packages were unpacked in")
    parser.add_argument("--per-language", type=int, default=300)
    parser.add_argument("--chars", default="150,600")
    parser.add_argument("--clean", action="store_true",
                        help="leave out samples whose alphabet rules out their label")
    parser.add_argument("--source", choices=("guide", "man", "both"), default="both")
    args = parser.parse_args()
    readers = {"guide": (guide_paragraphs,), "man": (man_paragraphs,),
               "both": (guide_paragraphs, man_paragraphs)}[args.source]
    texts: dict[str, list[str]] = defaultdict(list)
    for source in (read(args.root) for read in readers):
        for lang, paragraphs in source.items():
            texts[lang].extend(paragraphs)
    for chars in (int(c) for c in args.chars.split(",")):
        evaluate(texts, chars, args.per_language, args.clean)


if __name__ == "__main__":
    main()
