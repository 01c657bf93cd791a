"""The language detector's word pass and naive Bayes sums in C (_language.c)."""

from array import array

Buffer = bytes | array[int]

def words(sample: str) -> tuple[list[str], int, int]: ...
def rank(rows: dict[str, int], starts: Buffer, languages: Buffer, gains: Buffer,
         words: list[str], candidates: tuple[int, ...], unknown: tuple[float, ...],
         max_words: int, step: int, margin: float
         ) -> tuple[list[tuple[float, int]], int, int]: ...
