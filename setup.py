"""Build the C modules; everything else is declared in pyproject.toml.

- dechaff._article: the extractor's passes over lexbor's tree (walk, chaff rules, scores,
  choice of the article's element, serialisation into blocks, block features and model).
- dechaff._walk: the pre-parse cut (prepare) and the byline and date-line search (named).
Both need a C compiler at install time; they read lexbor inside selectolax (_lexbor.h).
- dechaff._minhash: MinHash signatures of texts (minhash.py), for near-duplicates.
- dechaff._language: the naive Bayes sums of the language detector (language.py).
"""

from setuptools import Extension, setup

LEXBOR_H = ["src/dechaff/_lexbor.h"]  # shared by both C modules
setup(ext_modules=[
    Extension("dechaff._walk", ["src/dechaff/_walk.c"], depends=LEXBOR_H),
    Extension("dechaff._article", ["src/dechaff/_article.c"], depends=LEXBOR_H),
    Extension("dechaff._minhash", ["src/dechaff/_minhash.c"]),
    Extension("dechaff._language", ["src/dechaff/_language.c"]),
])
