"""The progress bar of a run: bytes of input done (for the ETA) and records a second."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any


class Progress:
    """A tqdm bar on stderr when `enabled` (None: when stderr is a terminal)."""

    def __init__(self, total_bytes: int, enabled: bool | None) -> None:
        self.records = 0
        self.started = time.perf_counter()
        self.bar: Any = None
        if enabled if enabled is not None else sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, file=sys.stderr,
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
