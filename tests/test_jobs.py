"""Background jobs (ui.jobs): shared, stoppable, bounded; results and errors come back whole."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from ui.jobs import Busy, Jobs, Progress, Stopped

WAIT = 30.0


def gated(steps: int, gate: threading.Event, calls: list[str], name: str) -> Callable[[Progress], str]:
    """Work of ``steps`` steps that waits at each for ``gate``; records that it ran."""

    def work(progress: Progress) -> str:
        calls.append(name)
        for i in range(steps):
            assert gate.wait(WAIT)
            progress(i + 1, steps)
        return f"{name} done"

    return work


def test_a_job_runs_in_the_background_and_reports_progress() -> None:
    jobs, gate, calls = Jobs(), threading.Event(), []
    job = jobs.want("s1", "a", gated(4, gate, calls, "a"))
    assert not job.finished and job.fraction == 0.0  # the caller is not held up
    gate.set()
    assert job.future.result(WAIT) == "a done"
    assert job.finished and job.result() == "a done" and job.fraction == 1.0 and (job.done, job.total) == (4, 4)


def test_sessions_asking_for_the_same_work_share_one_computation() -> None:
    jobs, gate, calls = Jobs(), threading.Event(), []
    first = jobs.want("s1", "a", gated(2, gate, calls, "a"))
    second = jobs.want("s2", "a", gated(2, gate, calls, "a"))
    assert first is second and first.wanted_by == {"s1", "s2"}
    gate.set()
    first.future.result(WAIT)
    assert jobs.want("s3", "a", gated(2, gate, calls, "a")) is first  # a finished result is kept
    assert calls == ["a"]


def test_a_session_moving_on_stops_work_nobody_else_wants() -> None:
    jobs, gate, calls = Jobs(), threading.Event(), []
    old = jobs.want("s1", "old", gated(3, gate, calls, "old"))
    new = jobs.want("s1", "new", gated(1, gate, calls, "new"), release="old")
    gate.set()
    assert new.future.result(WAIT) == "new done"
    assert old.finished and old.stopped
    with pytest.raises(Stopped):
        old.result()
    # Asked for again, stopped work starts anew rather than returning the stop.
    again = jobs.want("s1", "old", gated(1, gate, calls, "old"), release="new")
    assert again is not old and again.future.result(WAIT) == "old done"


def test_work_another_session_waits_for_goes_on() -> None:
    jobs, gate, calls = Jobs(), threading.Event(), []
    shared = jobs.want("s1", "shared", gated(3, gate, calls, "shared"))
    jobs.want("s2", "shared", gated(3, gate, calls, "shared"))
    jobs.want("s1", "mine", gated(1, gate, calls, "mine"), release="shared")
    gate.set()
    assert shared.future.result(WAIT) == "shared done" and not shared.stopped


def test_queued_work_let_go_of_never_starts() -> None:
    jobs, gate, calls = Jobs(workers=1), threading.Event(), []
    running = jobs.want("s1", "running", gated(1, gate, calls, "running"))
    queued = jobs.want("s2", "queued", gated(1, gate, calls, "queued"))
    jobs.release("s2", "queued")
    gate.set()
    running.future.result(WAIT)
    jobs.wait(WAIT)
    assert queued.stopped and not queued.started and running.started and calls == ["running"]
    assert jobs.get("queued") is None


def test_too_much_waiting_work_is_refused_not_queued() -> None:
    jobs, gate, calls = Jobs(workers=1, max_pending=2), threading.Event(), []
    jobs.want("s1", "a", gated(1, gate, calls, "a"))
    jobs.want("s2", "b", gated(1, gate, calls, "b"))
    with pytest.raises(Busy):
        jobs.want("s3", "c", gated(1, gate, calls, "c"))
    assert jobs.want("s3", "a", gated(1, gate, calls, "a")).key == "a"  # work already asked for is shared
    gate.set()
    jobs.wait(WAIT)
    assert jobs.want("s3", "c", gated(1, gate, calls, "c")).future.result(WAIT) == "c done"


def test_an_error_in_the_work_comes_back_with_the_result() -> None:
    jobs = Jobs()

    def broken(progress: Progress) -> None:
        raise ValueError("bad sample")

    job = jobs.want("s1", "x", broken)
    jobs.wait(WAIT)
    assert job.finished and not job.stopped
    with pytest.raises(ValueError, match="bad sample"):
        job.result()


def test_only_the_newest_finished_results_are_kept() -> None:
    jobs, gate, calls = Jobs(keep=2), threading.Event(), []
    gate.set()
    for name in "abcd":
        jobs.want("s1", name, gated(1, gate, calls, name)).future.result(WAIT)
    assert [k for k in "abcd" if jobs.get(k) is not None] == ["c", "d"]


def test_clear_stops_running_work() -> None:
    jobs, gate, calls = Jobs(), threading.Event(), []
    job = jobs.want("s1", "a", gated(3, gate, calls, "a"))
    jobs.clear()
    gate.set()
    jobs_done = job.future.exception(WAIT) if not job.future.cancelled() else Stopped("a")
    assert isinstance(jobs_done, Stopped) and jobs.get("a") is None
