import itertools
import os
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from dechaff import ConfigError, DechaffError, Reason, Rejection
from dechaff.executors import Executor, LocalExecutor, guarded


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


def test_a_split_with_the_wrong_number_of_parts_is_an_error() -> None:
    with pytest.raises(DechaffError, match="gave 3 parts for 2 partitions"):
        LocalExecutor(1).shuffle(lambda item, n: by_remainder(item, 3), [1], total, 2)
