"""Run a function over items on this machine: in this process, or in a pool of processes."""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from traceback import extract_tb
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported where a pool is made: one worker needs no multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

from dechaff.document import Reason, Rejection
from dechaff.errors import ConfigError, DechaffError

T = TypeVar("T")
R = TypeVar("R")
Parts = list[Any]  # what a shuffle's split gives: one part per partition

WORKER_DIED = "the worker process died (killed by a signal, out of memory, or exited)"
# "spawn" starts each worker from a fresh interpreter: the same behaviour on Linux, macOS
# and Windows, and no fork of a parent that holds threads (test servers, progress bars).
START_METHOD = "spawn"


def guarded(fn: Callable[[T], R], item: T) -> R | Rejection:
    """`fn(item)`, or a CRASHED rejection naming the exception: one item never stops the rest."""
    try:
        return fn(item)
    except Exception as error:  # noqa: BLE001 -- the one deliberate blind except: per item
        return Rejection(Reason.CRASHED, _detail(error))


def _detail(error: BaseException) -> str:
    """The exception's type, message and the line that raised it, on one line."""
    frames = extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}{where}" if message else type(error).__name__ + where


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """Map over items with `workers` processes; with one worker, in this process."""

    workers: int = 1
    # Items queued per worker beyond the one it runs: keeps every worker busy while results
    # wait to be handed back in order, without submitting a million items at once.
    prefetch: int = 4
    # Where shuffles keep their parts until the reduce (None: the system's temporary folder).
    scratch: str | None = None

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, not {self.workers}")

    def placement(self) -> dict[str, int]:
        """Tasks run by node: all on this machine, so nothing to tell."""
        return {}

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Rejection]:
        if self.workers == 1:
            return (guarded(fn, item) for item in items)
        return self._pooled(partial(guarded, fn), iter(items))

    def shuffle(self, split: Callable[[T, int], Parts], items: Sequence[T],
                reduce: Callable[[int, list[Any]], R], partitions: int) -> list[R]:
        """The groupby in this process: each split's parts go to a file of its own, and
        each reduce reads its part of every file; memory holds one split's parts, then one
        partition. The corpus steps' splits and reduces are a few per cent of the map's
        work, less than starting a pool of processes for each shuffle would cost."""
        if self.scratch is not None:
            Path(self.scratch).mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="shuffle-", dir=self.scratch))
        try:
            offsets = [_spill(folder / f"{n:05d}", checked(split(item, partitions), partitions))
                       for n, item in enumerate(items)]
            return [reduce(j, [_part(folder / f"{n:05d}", at[j]) for n, at in enumerate(offsets)])
                    for j in range(partitions)]
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _pooled(self, task: Callable[[T], R | Rejection],
                items: Iterator[T]) -> Iterator[R | Rejection]:
        while True:
            stranded = yield from self._until_broken(task, items)
            if stranded is None:
                return
            # A worker died and took the pool with it: each item that was in flight runs
            # again alone, so only the item that kills its process is lost.
            for item in stranded:
                yield _alone(task, item)

    def _until_broken(self, task: Callable[[T], R | Rejection], items: Iterator[T]
                      ) -> Generator[R | Rejection, None, list[T] | None]:
        """Yield results in order; return the items in flight if the pool breaks."""
        pool = _pool(self.workers)
        pending: deque[tuple[T, Future[R | Rejection]]] = deque()
        try:
            while True:
                for item in islice(items, self.workers * (1 + self.prefetch) - len(pending)):
                    pending.append((item, _submit(pool, task, item)))
                if not pending:
                    return None
                if _broke(pending[0][1]):
                    return [item for item, _ in pending]
                yield _outcome(pending.popleft()[1])
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    return ProcessPoolExecutor(workers, mp_context=get_context(START_METHOD))


def _broke(future: Future[R]) -> bool:
    """Whether the future failed because its pool broke (a worker died)."""
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(future.exception(), BrokenProcessPool)


def _submit(pool: ProcessPoolExecutor, task: Callable[[T], R], item: T) -> Future[R]:
    """Submit, or a future holding the error when the pool is already broken."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(task, item)
    except BrokenProcessPool as error:
        failed: Future[R] = Future()
        failed.set_exception(error)
        return failed


def _outcome(future: Future[R | Rejection]) -> R | Rejection:
    """The result; an item or a result that cannot cross processes counts as a crash."""
    return guarded(type(future).result, future)


def _alone(task: Callable[[T], R | Rejection], item: T) -> R | Rejection:
    with _pool(1) as pool:
        future = pool.submit(task, item)
        if _broke(future):
            return Rejection(Reason.CRASHED, WORKER_DIED)
        return _outcome(future)


def checked(parts: Parts, partitions: int) -> Parts:
    """A split's parts, which must be one per partition."""
    if len(parts) != partitions:
        raise DechaffError(f"a shuffle's split gave {len(parts)} parts for {partitions} "
                           "partitions")
    return parts


def _spill(path: Path, parts: Parts) -> list[int]:
    """The parts pickled one after the other; where each starts."""
    offsets = []
    with open(path, "wb") as stream:
        for part in parts:
            offsets.append(stream.tell())
            pickle.dump(part, stream, pickle.HIGHEST_PROTOCOL)
    return offsets


def _part(path: Path, offset: int) -> Any:
    with open(path, "rb") as stream:
        stream.seek(offset)
        return pickle.load(stream)
