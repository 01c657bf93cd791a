"""A hard time limit per record, for what the steps' own budgets do not cover."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overtime(BaseException):
    """The time limit passed; raised inside the code that ran over. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` in a step swallows it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Overtime


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Overtime in the block after `seconds`, by SIGALRM: only in the main thread of
    a process (where the executors run shards), and between Python instructions (a long C
    call ends first; extract() bounds its own). Elsewhere the block runs unlimited."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
