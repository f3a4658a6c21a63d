"""Work of seconds to minutes (ensembles, sensitivity analyses) run in the background.

A page asks for a job by its key and draws its progress; the job runs on a
worker thread of this process, so the page's own run ends at once and every
widget stays live while the work goes on. A page that shows a running job
polls it from a fragment and reruns when it is done (see
:func:`ui.layout.wait_for`).

Jobs are shared: two sessions asking for the same work (the same key) wait
for one computation, and a finished job's result is kept (least recently
used first out) for the next visitor, as ``st.cache_data`` keeps runs. Each
session holds one job per *slot* (the Uncertainty page's ensemble, its
sensitivity analysis): asking for another job in the slot lets go of the
last one, which stops at its next progress report when no other session
wants it. So a visitor who moves a control ten times starts ten jobs but
leaves one running, and the queue is bounded: work that would wait behind
:data:`MAX_PENDING` others is refused with a message, not queued.

Results are never changed in place (pages only read them). Nothing here
calls Streamlit: jobs run outside any script run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

#: Worker threads: one, so a visitor's analysis does not slow another's twice over on a
#: two-core machine; the simulations themselves are numpy and Simlin, which free the GIL.
WORKERS = 1
#: Unfinished jobs (running and queued) beyond which new work is refused.
MAX_PENDING = 6
#: Finished jobs kept for later visitors.
KEEP = 32

Progress = Callable[[int, int], object]


class Busy(Exception):
    """Too much work is waiting: the visitor is asked to try again in a moment."""


class Stopped(Exception):
    """Raised inside a job at its next progress report once nobody wants its result."""


@dataclass(eq=False)
class Job:
    """One piece of background work: its progress, its result or error, who waits for it."""

    key: Hashable
    done: int = 0
    total: int = 0
    future: Future[Any] = field(default_factory=Future)
    wanted_by: set[str] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)
    started: bool = False  # a worker took it up (else it waits in the queue)

    def report(self, done: int, total: int) -> None:
        """The job's progress callback: records it, and stops the work once nobody wants it."""
        self.done, self.total = done, total
        if self.stop.is_set():
            raise Stopped(str(self.key))

    @property
    def finished(self) -> bool:
        return self.future.done()

    @property
    def fraction(self) -> float:
        """Share of the work done (0 to 1; 0 until the first report)."""
        return min(self.done / self.total, 1.0) if self.total else 0.0

    def result(self) -> Any:
        """The job's result; raises what the work raised (call once :attr:`finished`)."""
        return self.future.result(timeout=0)

    @property
    def stopped(self) -> bool:
        """Let go of before it finished (its result will never come)."""
        if not self.future.done():
            return False
        if self.future.cancelled():
            return True
        return isinstance(self.future.exception(), Stopped)


class Jobs:
    """The process's background jobs (one instance, :data:`JOBS`, is shared by every session)."""

    def __init__(self, workers: int = WORKERS, max_pending: int = MAX_PENDING, keep: int = KEEP) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="entropy-job")
        self.max_pending = max_pending
        self.keep = keep
        self.lock = threading.Lock()
        self.jobs: OrderedDict[Hashable, Job] = OrderedDict()

    def want(self, session: str, key: Hashable, work: Callable[[Progress], Any],
             release: Hashable | None = None) -> Job:
        """The job for ``key`` on behalf of ``session``: the finished or running one, or a new one.

        ``work(progress)`` computes the result, calling ``progress(done, total)`` as it goes.
        ``release``: the key of the job this session waited for before in the same slot; it
        is let go of (and stopped, if no other session wants it). Raises :class:`Busy` when
        :data:`MAX_PENDING` jobs are unfinished.
        """
        with self.lock:
            self._trim()
            if release is not None and release != key:
                self._release(session, release)
            job = self.jobs.get(key)
            if job is not None and not job.stopped:
                self.jobs.move_to_end(key)
                if not job.finished:
                    job.wanted_by.add(session)
                    job.stop.clear()  # let go of, then wanted again before it reached a stop
                return job
            if sum(not j.finished for j in self.jobs.values()) >= self.max_pending:
                raise Busy(str(self.max_pending))
            job = Job(key, wanted_by={session})
            job.future = self.pool.submit(self._run, job, work)
            self.jobs[key] = job
            self._trim()
            return job

    def get(self, key: Hashable) -> Job | None:
        with self.lock:
            self._trim()
            return self.jobs.get(key)

    def release(self, session: str, key: Hashable) -> None:
        """``session`` no longer waits for ``key``'s job (stopped if nobody else does)."""
        with self.lock:
            self._release(session, key)

    def wait(self, timeout: float = 600.0) -> None:
        """Block until every job now known has finished (for tests and scripts)."""
        with self.lock:
            futures = [j.future for j in self.jobs.values()]
        for f in futures:
            try:
                f.exception(timeout=timeout)
            except CancelledError:
                pass

    def clear(self) -> None:
        """Forget every job (the running ones are stopped): the model files changed."""
        with self.lock:
            for job in self.jobs.values():
                job.stop.set()
                job.future.cancel()
            self.jobs.clear()

    def _release(self, session: str, key: Hashable) -> None:
        job = self.jobs.get(key)
        if job is None or job.finished:
            return
        job.wanted_by.discard(session)
        if not job.wanted_by:
            job.stop.set()
            if job.future.cancel():  # never started
                del self.jobs[key]

    def _trim(self) -> None:
        finished = [k for k, j in self.jobs.items() if j.finished]
        for key in finished[:max(len(finished) - self.keep, 0)]:
            del self.jobs[key]

    @staticmethod
    def _run(job: Job, work: Callable[[Progress], Any]) -> Any:
        if job.stop.is_set():
            raise Stopped(str(job.key))
        job.started = True
        return work(job.report)


JOBS = Jobs()
