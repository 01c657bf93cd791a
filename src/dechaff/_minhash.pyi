"""The MinHash pass in C (_minhash.c): a text's shingles folded into a signature."""

from typing import Any

def signature(text: bytes, a: bytes, b: bytes, weights: bytes, out: Any) -> int: ...
