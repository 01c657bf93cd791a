"""Run a function over items on this machine: in this process, or in a pool of processes."""

from __future__ import annotations

import gc
import pickle
import shutil
import sys
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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

# The most a shuffle's parts take in memory: below this, the splits hand their parts back
# instead of writing them to files (a small run's shuffles then touch no disk).
INLINE_BYTES = 32 << 20
WORKER_DIED = "the worker process died (killed by a signal, out of memory, or exited)"
START_METHODS = ("fork", "spawn")


def start_method() -> str:
    """How worker processes start. "fork" on Linux when this process runs one thread: a
    worker is a copy of this process, with its modules imported and its models loaded
    (see `warm` below), ready in milliseconds where a fresh interpreter takes about 0.35 s.
    "spawn" elsewhere: macOS and Windows, and a process with other threads (a server, a
    user's own), which a fork could copy holding a lock."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


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
    """Map over items with `workers` processes; with one worker, in this process.

    Each `map` starts its pool of processes and stops it at the end, unless the executor is
    open (`with executor:`): then the pool is started once and kept for every `map` until
    the block ends, as a run keeps it from its pages to its outputs. Before a pool is
    forked, `fn.warm()` runs in this process if `fn` has one (loading models, say), so
    that every worker starts with what it made."""

    workers: int = 1
    # Items queued per worker beyond the one it runs: keeps every worker busy while results
    # wait to be handed back in order, without submitting a million items at once.
    prefetch: int = 4
    # Where shuffles keep their parts until the reduce (None: the system's temporary folder).
    scratch: str | None = None
    # How workers start: "fork", "spawn", or None for start_method()'s choice. "spawn" for a
    # process whose native libraries run threads that a fork would copy mid-work.
    start: str | None = None
    # The kept pool, if any, and whether to keep one; the executor's only state.
    _kept: dict[str, Any] = field(default_factory=dict, init=False, repr=False,
                                  compare=False)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, not {self.workers}")
        if self.start not in (None, *START_METHODS):
            raise ConfigError(f"start must be one of {', '.join(START_METHODS)}, not "
                              f"{self.start!r}")

    def __enter__(self) -> LocalExecutor:
        self._kept["open"] = True
        return self

    def __exit__(self, *exc: object) -> None:
        self._kept.pop("open", None)
        self._drop()

    def placement(self) -> dict[str, int]:
        """Tasks run by node: all on this machine, so nothing to tell."""
        return {}

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Rejection]:
        if self.workers == 1:
            return (guarded(fn, item) for item in items)
        return self._pooled(fn, iter(items))

    def shuffle(self, split: Callable[[T, int], Parts], items: Sequence[T],
                reduce: Callable[[int, list[Any]], R], partitions: int) -> list[R]:
        """The groupby: each split's parts come back with its result when they are small
        (INLINE_BYTES in all), or go to a file of its own, and each reduce reads its part of
        every split; memory holds at most INLINE_BYTES of parts, then one partition. The
        splits and the reduces run in the kept pool while the executor is open, and in
        this process otherwise: they are a few per cent of the map's work, less than
        starting a pool of processes for one shuffle would cost."""
        folder = Path(self.scratch or tempfile.gettempdir()) / f"shuffle-{uuid.uuid4().hex}"
        inline = INLINE_BYTES // max(1, len(items))  # a split's share
        try:
            files = [folder / f"{n:05d}" for n in range(len(items))]
            held = self._each(partial(_split_into, split, partitions, inline),
                              list(zip(files, items, strict=True)))
            return self._each(partial(_reduce_from, reduce),
                              [(j, [(path, at[j]) for path, at in zip(files, held,
                                                                      strict=True)])
                               for j in range(partitions)])
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _each(self, fn: Callable[[T], R], items: list[T]) -> list[R]:
        """`fn` over the items, in the kept pool if there is one; raises if one raises."""
        if self.workers == 1 or not self._kept.get("open"):
            return [fn(item) for item in items]
        results = list(self.map(fn, items))
        for result in results:
            if isinstance(result, Rejection):
                raise DechaffError(f"a shuffle's task failed: {result.detail}")
        return results  # type: ignore[return-value]

    def _pooled(self, fn: Callable[[T], R], items: Iterator[T]) -> Iterator[R | Rejection]:
        task = partial(guarded, fn)
        while True:
            stranded = yield from self._until_broken(fn, task, items)
            if stranded is None:
                return
            # A worker died and took the pool with it: each item that was in flight runs
            # again alone, so only the item that kills its process is lost.
            for item in stranded:
                yield _alone(task, item, self.start or start_method())

    def _until_broken(self, fn: Callable[[T], R], task: Callable[[T], R | Rejection],
                      items: Iterator[T]
                      ) -> Generator[R | Rejection, None, list[T] | None]:
        """Yield results in order; return the items in flight if the pool breaks."""
        pool = self._pool(fn)
        pending: deque[tuple[T, Future[R | Rejection]]] = deque()
        whole = False  # the pool is fit to keep: every item done, none in flight
        try:
            while True:
                for item in islice(items, self.workers * (1 + self.prefetch) - len(pending)):
                    pending.append((item, _submit(pool, task, item)))
                if not pending:
                    whole = True
                    return None
                if _broke(pending[0][1]):
                    return [item for item, _ in pending]
                yield _outcome(pending.popleft()[1])
        finally:
            if not (whole and self._kept.get("open")):
                self._drop()

    def _pool(self, fn: Callable[..., Any]) -> ProcessPoolExecutor:
        """The kept pool, or a new one (kept while the executor is open)."""
        if "pool" not in self._kept:
            method = self.start or start_method()
            warm = getattr(fn, "warm", None)
            if method == "fork" and callable(warm):
                warm()
            self._kept["pool"] = _pool(self.workers, method)
        return self._kept["pool"]  # type: ignore[no-any-return]

    def _drop(self) -> None:
        pool = self._kept.pop("pool", None)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int, method: str) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # A forked worker freezes what it inherited: its garbage collections then skip the
    # parent's objects (the models), which they would otherwise walk, and copy, each time.
    initializer = gc.freeze if method == "fork" else None
    return ProcessPoolExecutor(workers, mp_context=get_context(method), initializer=initializer)


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


def _alone(task: Callable[[T], R | Rejection], item: T, method: str) -> R | Rejection:
    with _pool(1, method) as pool:
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


def _split_into(split: Callable[[T, int], Parts], partitions: int, inline: int,
                job: tuple[Path, T]) -> list[bytes] | list[int]:
    """The split's parts, pickled: themselves when they take `inline` bytes or fewer, else
    where each starts in the file they were written to."""
    path, item = job
    parts = checked(split(item, partitions), partitions)
    pickled: list[bytes] = []
    size = 0
    for n, part in enumerate(parts):
        pickled.append(pickle.dumps(part, pickle.HIGHEST_PROTOCOL))
        size += len(pickled[-1])
        if size > inline:  # too big to hand back: all of them to the file
            return _spill(path, pickled, parts[n + 1:])
    return pickled


def _spill(path: Path, pickled: list[bytes], parts: Parts) -> list[int]:
    """The parts already pickled, then the others, one after the other; where each starts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    offsets = []
    with open(path, "wb") as stream:
        for part in pickled:
            offsets.append(stream.tell())
            stream.write(part)
        pickled.clear()
        for part in parts:
            offsets.append(stream.tell())
            pickle.dump(part, stream, pickle.HIGHEST_PROTOCOL)
    return offsets


def _reduce_from(reduce: Callable[[int, list[Any]], R],
                 job: tuple[int, list[tuple[Path, bytes | int]]]) -> R:
    j, where = job
    return reduce(j, [_part(path, held) for path, held in where])


def _part(path: Path, held: bytes | int) -> Any:
    if isinstance(held, bytes):
        return pickle.loads(held)
    with open(path, "rb") as stream:
        stream.seek(held)
        return pickle.load(stream)
