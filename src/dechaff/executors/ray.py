"""Run on a Ray cluster: the executor contract over Ray tasks; the only `import ray`.

`map` runs each item as a task, as many in flight as the cluster has CPUs (twice, so that
none waits), and hands the results back in order. `shuffle` is Ray's own: each split is
a task with one return per partition, so its parts stay in the object store of the node
that made them; each reduce is a task given its partition's part of every split, which
Ray moves to the node that runs it. The process that drives the run holds references,
not rows.

The outputs and the work folder (`--output`) must be a folder every node reads and
writes (NFS, a shared volume): the workers journal into it, and the corpus steps read
each other's files from it.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import ray
from ray.exceptions import RayError, RayTaskError

from dechaff.document import Reason, Rejection
from dechaff.errors import ConfigError, DechaffError
from dechaff.executors.local import WORKER_DIED, Parts, checked, guarded

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT_PER_CPU = 2  # tasks submitted per CPU of the cluster before waiting for one


def _here() -> str:
    return str(ray.util.get_node_ip_address())


def _run(fn: Callable[[T], R], item: T) -> tuple[str, R | Rejection]:
    return _here(), guarded(fn, item)


def _split(split: Callable[[T, int], Parts], item: T, partitions: int) -> Any:
    return (_here(), *checked(split(item, partitions), partitions))


def _reduce(reduce: Callable[[int, list[Any]], R], partition: int, *parts: Any
            ) -> tuple[str, R]:
    return _here(), reduce(partition, list(parts))


# Tasks are spread over the nodes rather than packed on the first that has room: the work
# is many equal shards, and packing left a two-node test cluster's second node idle on a
# loaded machine.
RUN: Any = ray.remote(scheduling_strategy="SPREAD")(_run)
SPLIT: Any = ray.remote(scheduling_strategy="SPREAD")(_split)
REDUCE: Any = ray.remote(scheduling_strategy="SPREAD")(_reduce)


@dataclass(frozen=True)
class RayExecutor:
    """Map and shuffle over Ray tasks, on the cluster at `address` ("auto": the one this
    machine belongs to; None: a Ray started for this process alone)."""

    address: str | None = "auto"
    # This process's address on the cluster's network, when Ray cannot tell it (a machine
    # with several networks; the tests' network namespaces).
    node_ip: str | None = None
    # Tasks run on each node, by its address: where the work went, for stats.json.
    tasks: Counter[str] = field(default_factory=Counter, compare=False)

    def __post_init__(self) -> None:
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, _node_ip_address=self.node_ip,
                         log_to_driver=False, configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as error:
                raise ConfigError(f"cannot reach the Ray cluster at {self.address}: "
                                  f"{error}") from error

    @property
    def workers(self) -> int:
        return max(1, int(ray.cluster_resources().get("CPU", 1)))

    def placement(self) -> dict[str, int]:
        return dict(self.tasks)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R | Rejection]:
        shared = ray.put(fn)
        pending: deque[Any] = deque()
        limit = self.workers * IN_FLIGHT_PER_CPU
        for item in items:
            pending.append(RUN.remote(shared, item))
            if len(pending) >= limit:
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    def _result(self, ref: Any) -> Any:
        try:
            node, outcome = ray.get(ref)
        except RayTaskError as error:  # the item could not be unpickled, or the result
            return Rejection(Reason.CRASHED, " ".join(str(error.cause).split()))
        except RayError:  # the worker died, on every retry
            return Rejection(Reason.CRASHED, WORKER_DIED)
        self.tasks[node] += 1
        return outcome

    def shuffle(self, split: Callable[[T, int], Parts], items: Sequence[T],
                reduce: Callable[[int, list[Any]], R], partitions: int) -> list[R]:
        split_ref, reduce_ref = ray.put(split), ray.put(reduce)
        splits = [SPLIT.options(num_returns=partitions + 1).remote(split_ref, item, partitions)
                  for item in items]
        reduces = [REDUCE.remote(reduce_ref, j, *(parts[j + 1] for parts in splits))
                   for j in range(partitions)]
        try:
            nodes = ray.get([parts[0] for parts in splits])
            results = ray.get(reduces)
        except RayError as error:
            raise DechaffError(f"a corpus step failed on the cluster: {error}") from error
        self.tasks.update(nodes)
        self.tasks.update(node for node, _ in results)
        return [result for _, result in results]
