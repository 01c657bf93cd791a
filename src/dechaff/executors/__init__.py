"""Executors map a function over many items; the only code that knows about processes.

An executor has one method, `map(fn, items)`, which yields one result per item in the
order of the items. A function that raises on one item does not stop the others: that
item's result is a Rejection with `Reason.CRASHED` and the exception as its detail. So
`fn` and the items must be picklable (top-level functions, frozen callable classes) when
the executor runs them in other processes, and the same executor contract holds for a
pool on this machine and for a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from dechaff.document import Rejection
from dechaff.executors.local import LocalExecutor, guarded

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs `fn` on every item; yields the results in the order of the items."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Rejection]: ...


__all__ = ["Executor", "LocalExecutor", "guarded"]
