import itertools
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from dechaff import ConfigError, DechaffError, Reason, Rejection
from dechaff.executors import Executor, LocalExecutor, guarded
from dechaff.executors.local import start_method


def square(n: int) -> int:
    return n * n


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError(f"three is not allowed\n(item {n})")
    return n


def die_on_three(n: int) -> int:
    if n == 3:
        os._exit(7)  # a worker killed outright: a segfault, the OOM killer
    return n


def unpicklable_on_two(n: int) -> object:
    return (lambda: n) if n == 2 else n


def run(executor: Executor, fn: Callable[[int], object], items: list[int]) -> list[object]:
    return list(executor.map(fn, items))


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_the_order_of_the_items(workers: int) -> None:
    assert run(LocalExecutor(workers), square, list(range(20))) == [n * n for n in range(20)]


def test_one_worker_and_two_workers_give_the_same_results() -> None:
    items = list(range(-5, 30))
    assert run(LocalExecutor(1), fail_on_three, items) == run(LocalExecutor(2), fail_on_three,
                                                                items)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_raising_function_is_recorded_as_a_crash_and_the_others_go_on(workers: int) -> None:
    results = run(LocalExecutor(workers), fail_on_three, [1, 2, 3, 4])
    assert results[:2] == [1, 2]
    assert results[3] == 4
    crash = results[2]
    assert isinstance(crash, Rejection)
    assert crash.reason is Reason.CRASHED


def test_a_crash_names_the_exception_and_where_it_was_raised_on_one_line() -> None:
    crash = guarded(fail_on_three, 3)
    assert isinstance(crash, Rejection)
    assert crash.detail.startswith("ValueError: three is not allowed (item 3)")
    assert "test_executors.py" in crash.detail
    assert "\n" not in crash.detail


def test_a_worker_that_dies_costs_only_its_own_item() -> None:
    results = run(LocalExecutor(2), die_on_three, list(range(8)))
    assert [r for i, r in enumerate(results) if i != 3] == [0, 1, 2, 4, 5, 6, 7]
    assert isinstance(results[3], Rejection)
    assert results[3].reason is Reason.CRASHED


def test_a_result_that_cannot_cross_processes_is_recorded_as_a_crash() -> None:
    results = run(LocalExecutor(2), unpicklable_on_two, [1, 2, 3])
    assert results[0] == 1
    assert results[2] == 3
    assert isinstance(results[1], Rejection)
    assert results[1].reason is Reason.CRASHED


@pytest.mark.parametrize("workers", [1, 2])
def test_items_are_read_as_results_are_wanted_not_all_at_once(workers: int) -> None:
    endless = itertools.count()
    results = LocalExecutor(workers).map(square, endless)
    assert list(itertools.islice(results, 5)) == [0, 1, 4, 9, 16]


def test_results_and_crashes_survive_pickling() -> None:
    results = run(LocalExecutor(2), fail_on_three, [2, 3])
    assert pickle.loads(pickle.dumps(results)) == results


def test_an_executor_survives_pickling() -> None:
    executor = LocalExecutor(3)
    assert pickle.loads(pickle.dumps(executor)) == executor


def test_no_workers_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError):
        LocalExecutor(0)


def by_remainder(item: int, partitions: int) -> list[list[int]]:
    return [[item] if item % partitions == j else [] for j in range(partitions)]


def total(partition: int, parts: list[list[int]]) -> tuple[int, list[int]]:
    return partition, sorted(n for part in parts for n in part)


def test_a_shuffle_gives_each_reduce_every_part_of_its_partition(tmp_path: Any) -> None:
    executor = LocalExecutor(1, scratch=str(tmp_path))
    assert executor.shuffle(by_remainder, list(range(10)), total, 3) == [
        (0, [0, 3, 6, 9]), (1, [1, 4, 7]), (2, [2, 5, 8])]
    assert list(tmp_path.iterdir()) == []  # the spilled parts are gone


@pytest.mark.parametrize("inline", [0, 1 << 20])  # every split's parts to files; none
def test_a_shuffle_gives_the_same_whether_the_parts_go_to_files_or_come_back(
        tmp_path: Any, monkeypatch: Any, inline: int) -> None:
    from dechaff.executors import local

    monkeypatch.setattr(local, "INLINE_BYTES", inline)
    written: list[str] = []
    spill = local._spill
    monkeypatch.setattr(local, "_spill", lambda path, *rest: (written.append(path.name),
                                                                spill(path, *rest))[1])
    executor = LocalExecutor(1, scratch=str(tmp_path))
    assert executor.shuffle(by_remainder, list(range(10)), total, 3) == [
        (0, [0, 3, 6, 9]), (1, [1, 4, 7]), (2, [2, 5, 8])]
    assert len(written) == (10 if inline == 0 else 0)
    assert list(tmp_path.iterdir()) == []


def test_a_split_with_the_wrong_number_of_parts_is_an_error() -> None:
    with pytest.raises(DechaffError, match="gave 3 parts for 2 partitions"):
        LocalExecutor(1).shuffle(lambda item, n: by_remainder(item, 3), [1], total, 2)


def test_a_shuffle_in_an_open_pool_gives_what_it_gives_in_this_process(tmp_path: Any) -> None:
    here = LocalExecutor(1, scratch=str(tmp_path / "here"))
    with LocalExecutor(2, scratch=str(tmp_path / "pool")) as pooled:
        assert pooled.shuffle(by_remainder, list(range(10)), total, 3) == here.shuffle(
            by_remainder, list(range(10)), total, 3)


def split_failing_on_three(item: int, partitions: int) -> list[list[int]]:
    if item == 3:
        raise ValueError("three")
    return by_remainder(item, partitions)


def test_a_split_that_raises_in_the_pool_makes_the_shuffle_raise() -> None:
    with LocalExecutor(2) as executor, pytest.raises(DechaffError, match="ValueError: three"):
        executor.shuffle(split_failing_on_three, [1, 2, 3], total, 2)


def worker_pid(_: int) -> int:
    time.sleep(0.05)  # long enough for both workers to take tasks
    return os.getpid()


def test_an_open_executor_keeps_its_pool_from_one_map_to_the_next() -> None:
    with LocalExecutor(2) as executor:
        first = set(run(executor, worker_pid, list(range(8))))
        second = set(run(executor, worker_pid, list(range(8))))
    assert first & second  # a worker of the first map served the second: a new pool would not
    assert len(first | second) <= 2
    assert os.getpid() not in first
    closed = LocalExecutor(2)
    assert set(run(closed, worker_pid, list(range(8)))).isdisjoint(
        run(closed, worker_pid, list(range(8))))  # a pool per map when not open


def test_a_pool_breaks_and_the_open_executor_goes_on_with_a_new_one() -> None:
    with LocalExecutor(2) as executor:
        results = run(executor, die_on_three, list(range(6)))
        assert isinstance(results[3], Rejection)
        assert run(executor, square, [2, 3]) == [4, 9]


WARMED: list[str] = []


@dataclass(frozen=True)
class Warmed:
    """A task with a warm(): what it loads, forked workers have without loading it."""

    def warm(self) -> None:
        WARMED.append("loaded")

    def __call__(self, _: int) -> list[str]:
        return list(WARMED)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux alone")
def test_forked_workers_start_with_what_warm_loaded_in_this_process() -> None:
    WARMED.clear()  # (fork asked for: other tests' libraries may have left threads here)
    assert run(LocalExecutor(2, start="fork"), Warmed(), [1, 2, 3]) == [["loaded"]] * 3
    assert WARMED == ["loaded"]  # once, in this process


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux alone")
def test_a_process_of_one_thread_forks_its_workers() -> None:
    import subprocess

    code = "from dechaff.executors.local import start_method; print(start_method())"
    told = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert told.stdout.strip() == "fork"


def test_a_process_with_other_threads_starts_fresh_workers() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start_method() == "spawn"
        WARMED.clear()
        assert run(LocalExecutor(2), Warmed(), [1, 2]) == [[], []]  # nothing copied
        assert WARMED == []  # and nothing loaded in this process for nothing
    finally:
        stop.set()
        thread.join()


def test_a_progress_bar_starts_no_thread_so_workers_can_still_be_forked() -> None:
    from dechaff.progress import Progress

    before = threading.active_count()
    with Progress(1000, True) as progress:
        progress.update(500, 10)
        assert threading.active_count() == before


def test_fresh_workers_can_be_asked_for_where_a_fork_would_do() -> None:
    WARMED.clear()
    assert run(LocalExecutor(2, start="spawn"), Warmed(), [1, 2]) == [[], []]
    assert WARMED == []


def test_an_unknown_start_method_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="start must be one of fork, spawn"):
        LocalExecutor(2, start="forkserver")
