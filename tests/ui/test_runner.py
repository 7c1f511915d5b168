"""Background jobs: result by signal, failure delivered to the GUI thread, cancel (ui/runner.py)."""

import threading

from ui.runner import Job


def test_job_runs_off_the_gui_thread_and_returns_by_signal(qtbot):
    gui = threading.get_ident()
    results = []
    job = Job(lambda progress: (progress(1, 1, "x"), threading.get_ident())[1], title="测试")
    job.done.connect(results.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert results and results[0] != gui


def test_job_failure_and_cancel(qtbot):
    errors = []
    job = Job(lambda progress: 1 / 0, title="测试")
    job.failed.connect(lambda exc, tb: errors.append((type(exc), "ZeroDivisionError" in tb)))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert errors == [(ZeroDivisionError, True)]

    go = threading.Event()
    cancelled = []

    def slow(progress):
        go.wait(5)
        progress(1, 2, "")  # raises Cancelled once cancel() was called
        return "not reached"

    job = Job(slow, title="测试")
    job.cancelled.connect(lambda: cancelled.append(True))
    job.done.connect(lambda r: cancelled.append(r))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
        job.progress.cancel()
        go.set()
    assert cancelled == [True]


def test_many_unreferenced_jobs_finish_without_crashing(qtbot):
    done = []
    for i in range(40):
        job = Job(lambda progress, i=i: i, title="测试")
        job.done.connect(done.append)
        job.start()  # no reference kept by the caller
    qtbot.waitUntil(lambda: len(done) == 40, timeout=10000)
    assert sorted(done) == list(range(40))


def test_jobs_never_garbage_collect_on_the_worker_thread(qtbot):
    """Automatic cyclic GC is off once jobs run; the GUI thread collects (no Qt object is
    destroyed on a worker)."""
    import gc

    seen = []
    job = Job(lambda progress: gc.isenabled(), title="测试")
    job.done.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert seen == [False]
    junk = []
    junk.append(junk)  # a reference cycle
    del junk
    before = gc.get_count()[0]
    for _ in range(800):  # enough allocations to pass the first threshold
        x = []
        x.append(x)
        del x
    qtbot.waitUntil(lambda: gc.get_count()[0] < before + 800, timeout=3000)
