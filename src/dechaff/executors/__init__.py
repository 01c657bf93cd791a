"""Executors map a function over many items; the only code that knows about processes.

An executor has two methods. `map(fn, items)` yields one result per item in the
order of the items. A function that raises on one item does not stop the others: that
item's result is a Rejection with `Reason.CRASHED` and the exception as its detail. So
`fn` and the items must be picklable (top-level functions, frozen callable classes) when
the executor runs them in other processes, and the same executor contract holds for a
pool on this machine and for a cluster.

`shuffle(split, items, reduce, partitions)` is a groupby: `split(item, partitions)`
gives each item's rows as a list of `partitions` parts (part j goes to partition j),
and `reduce(j, parts)` gets every part of partition j and returns something small; the
results come back in the order of the partitions. A step over the whole corpus is a few
shuffles, with its big data in the parts and in files, never in the caller's process.
A split or reduce that raises is a bug or broken infrastructure: the shuffle raises.
`workers` is how many tasks run at once, the least number of partitions worth having;
`placement()` counts the tasks run on each node of a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from dechaff.document import Rejection
from dechaff.executors.local import LocalExecutor, Parts, guarded

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs `fn` on every item; yields the results in the order of the items."""

    @property
    def workers(self) -> int: ...

    def placement(self) -> dict[str, int]: ...

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Rejection]: ...

    def shuffle(self, split: Callable[[T, int], Parts], items: Sequence[T],
                reduce: Callable[[int, list[Any]], R], partitions: int) -> list[R]: ...


__all__ = ["Executor", "LocalExecutor", "Parts", "guarded"]
