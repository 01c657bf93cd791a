"""MinHash signatures of texts and the LSH bands that bucket them.

A text's shingles are its runs of `shingle_words` words; a word is a run of ASCII letters
and digits (lower-cased) or of non-ASCII characters. For each of `bands * rows` hash
functions x -> a*x + b (mod 2**32) over the shingles' 32-bit hashes, the signature keeps
the least value. Two texts agree on each value with probability about the Jaccard
similarity J of their shingle sets, so the share of equal values estimates J. LSH cuts
the signature into `bands` bands of `rows` values and hashes each band: texts that agree
on a whole band share a bucket, which happens with probability 1 - (1 - J**rows)**bands.

The hashing is one pass in C over the text's UTF-8 bytes (`_minhash.c`); the numpy
version of the same steps (a reduceat per word, one array per shingle) took 320 us for
an article of 730 words against 40 us, most of it numpy's cost per call.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

EMPTY = 0xFFFFFFFF  # every value of the signature of a text with no word
_GOLDEN = 0x9E3779B97F4A7C15  # an odd 64-bit multiplier for mixing


@dataclass(frozen=True)
class MinHasher:
    """Signatures of `bands * rows` values over shingles of `shingle_words` words."""

    shingle_words: int = 3
    bands: int = 20
    rows: int = 4
    seed: int = 20261207

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_words <= 64:  # noqa: PLR2004 -- _minhash.c's MAX_WORDS
            raise ValueError(f"shingle_words must be 1 to 64, not {self.shingle_words}")
        if min(self.bands, self.rows) < 1:
            raise ValueError("bands and rows must be at least 1")

    def __getstate__(self) -> dict[str, Any]:
        """The fields only: the hash functions are drawn again from the seed."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def size(self) -> int:
        return self.bands * self.rows

    @cached_property
    def _functions(self) -> tuple[bytes, bytes, bytes]:
        """a (odd), b and the shingle weights (odd), from the seed, as C reads them."""
        import numpy as np

        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 1 << 32, self.size, dtype=np.uint64).astype("<u4") | 1
        b = rng.integers(0, 1 << 32, self.size, dtype=np.uint64).astype("<u4")
        weights = rng.integers(1, 1 << 63, self.shingle_words, dtype=np.uint64) | 1
        return a.tobytes(), b.tobytes(), weights.astype("<u8").tobytes()

    def signature(self, text: str) -> NDArray[np.uint32]:
        """`bands * rows` values; all EMPTY when the text has no word."""
        import numpy as np

        from dechaff._minhash import signature

        out = np.full(self.size, EMPTY, "<u4")
        signature(text.encode("utf-8", "surrogatepass"), *self._functions, out)
        return out

    def band_keys(self, signatures: NDArray[np.uint32]) -> NDArray[np.uint64]:
        """(documents, bands) 64-bit keys: equal keys, equal band (of the same index)."""
        import numpy as np

        sig = signatures.reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        keys = np.arange(1, self.bands + 1, dtype=np.uint64) * np.uint64(_GOLDEN)
        keys = np.broadcast_to(keys, sig.shape[:2]).copy()
        for j in range(self.rows):
            keys ^= sig[:, :, j]
            keys = mix(keys)
        return keys

    def encode(self, signature: NDArray[np.uint32]) -> str:
        return base64.b64encode(signature.astype("<u4").tobytes()).decode("ascii")

    def decode(self, text: str) -> NDArray[np.uint32]:
        import numpy as np

        return np.frombuffer(base64.b64decode(text), "<u4")


def mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """splitmix64's finaliser over an array: every output bit depends on every input bit."""
    import numpy as np

    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))
