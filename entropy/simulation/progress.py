"""A progress line on standard error for runs that take more than a moment."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO


class Progress:
    """Shows ``[=====>    ] 2/5  eco-park  3.1 s`` once work has taken ``delay`` seconds.

    Parameters
    ----------
    total : int
        Number of items (scenario runs).
    enabled : bool or None
        None: only when the stream is a terminal.
    delay : float
        Seconds before the bar appears (s); quick runs print nothing.
    """

    def __init__(
        self, total: int, enabled: bool | None = None, delay: float = 1.5, stream: TextIO | None = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = max(total, 1)
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.delay = delay
        self.done = 0
        self.label = ""
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def __enter__(self) -> Progress:
        self._start = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def step(self, label: str) -> None:
        """Mark the start of the next item."""
        self.label = label

    def advance(self) -> None:
        """Mark the current item finished."""
        self.done += 1

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return
        self._shown = True
        while not self._stop.is_set():
            self._draw()
            self._stop.wait(0.25)

    def _draw(self) -> None:
        width = 24
        filled = int(width * self.done / self.total)
        bar = "=" * filled + (">" if filled < width else "") + " " * max(0, width - filled - 1)
        elapsed = time.monotonic() - self._start
        self.stream.write(f"\r[{bar}] {self.done}/{self.total}  {self.label:<16.16} {elapsed:6.1f} s")
        self.stream.flush()
