"""The progress bar of a run: bytes of input done (for the ETA) and records a second."""

from __future__ import annotations

import sys
import time
from functools import lru_cache
from types import TracebackType
from typing import Any


@lru_cache(maxsize=1)
def _bar_class() -> Any:
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg]
        """tqdm without its monitor thread, which only redraws bars that stall: a process
        with a second thread starts its workers fresh rather than forking them
        (executors.local.start_method), which costs each about 0.35 s."""

        monitor_interval = 0

    return Bar


def bar(**options: Any) -> Any:
    """A progress bar (tqdm's, with `options`) that starts no thread."""
    return _bar_class()(**options)


class Progress:
    """A tqdm bar on stderr when `enabled` (None: when stderr is a terminal)."""

    def __init__(self, total_bytes: int, enabled: bool | None) -> None:
        self.records = 0
        self.started = time.perf_counter()
        self.bar: Any = None
        if enabled if enabled is not None else sys.stderr.isatty():
            self.bar = bar(total=total_bytes, unit="B", unit_scale=True, file=sys.stderr,
                            dynamic_ncols=True, desc="dechaff run")

    def update(self, size: int, records: int) -> None:
        self.records += records
        if self.bar is not None:
            rate = self.records / max(time.perf_counter() - self.started, 1e-9)
            self.bar.set_postfix_str(f"{self.records:,} records, {rate:,.0f} records/s",
                                     refresh=False)
            self.bar.update(size)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.close()
