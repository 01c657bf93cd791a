"""Build the compiled speed-ups; everything else is declared in pyproject.toml.

All optional: without a C compiler the install still succeeds and runs the same
Python source, about 2x slower end to end (BENCHMARKS.md has the figures).
- dechaff._walk (C): copies lexbor's DOM into dechaff's light tree.
- dechaff._article (C): the extractor's passes (chaff kinds, scores, serialisation, block
  features) over lexbor's DOM, checked against the Python passes at start-up (native.py).
- the hot modules compiled by mypyc from their unchanged Python source.
Set DECHAFF_PURE=1 to skip mypyc, as `make dev` does for an editable install: a compiled
module would shadow its .py file and hide every later edit until the next build.
"""

import os

from setuptools import Extension, setup

COMPILED = ["dom", "chaff", "blocks", "extractor", "classify", "lineshape", "lexicon"]

LEXBOR_H = ["src/dechaff/_lexbor.h"]  # shared by both C modules
extensions = [Extension("dechaff._walk", ["src/dechaff/_walk.c"], depends=LEXBOR_H,
                        optional=True),
              Extension("dechaff._article", ["src/dechaff/_article.c"], depends=LEXBOR_H,
                        optional=True)]
if os.environ.get("DECHAFF_PURE") != "1":
    try:
        from mypyc.build import mypycify
    except ImportError:
        pass
    else:
        compiled = mypycify([f"src/dechaff/{name}.py" for name in COMPILED], opt_level="3")
        for extension in compiled:
            extension.optional = True
        extensions += compiled

setup(ext_modules=extensions)
