"""Training and scoring release the GIL: other Python threads run meanwhile. Ctrl-C stops a
fit at its next batch and raises KeyboardInterrupt, and the next fit runs normally."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import topae


@pytest.fixture
def x():
    rng = np.random.default_rng(1)
    t = rng.uniform(0, 2 * np.pi, 4000)
    return np.column_stack([np.cos(t), np.sin(t), rng.normal(size=t.size)])


class Counter(threading.Thread):
    """A Python thread that counts as fast as the GIL lets it."""

    def __init__(self):
        super().__init__(daemon=True)
        self.count, self.stop = 0, False

    def run(self):
        while not self.stop:
            self.count += 1


def counted(work):
    counter = Counter()
    counter.start()
    start = time.perf_counter()
    before = counter.count
    work()
    done, seconds = counter.count - before, time.perf_counter() - start
    counter.stop = True
    counter.join()
    return done / seconds


def test_a_python_thread_runs_while_fit_runs(x):
    idle = counted(lambda: time.sleep(1.0))  # the main thread waiting, GIL released
    during = counted(lambda: topae.Autoencoder(latent=2, hidden=(64, 64), epochs=15).fit(x))
    # Holding the GIL through training would stop the counter (rate ~0); releasing it leaves
    # the counter its core, less what other tests take of this machine.
    assert during > 0.1 * idle, (during, idle)


def test_ctrl_c_stops_fit(x):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        topae.Autoencoder(latent=2, hidden=(64, 64), epochs=100000).fit(x)
    assert time.perf_counter() - start < 30
    timer.join()
    model = topae.Autoencoder(latent=2, hidden=(8,), epochs=2).fit(x)  # not interrupted again
    assert list(model.history_["epoch"]) == [1, 2]


def test_ensemble_progress_on_the_calling_thread(x):
    threads, epochs = set(), []

    def on_epoch(m):
        threads.add(threading.get_ident())
        epochs.append(m["epoch"])

    topae.Autoencoder(latent=1, hidden=(8,), epochs=3, seeds=[1, 2], threads=2).fit(x[:500], on_epoch=on_epoch)
    assert threads == {threading.get_ident()}
    assert sorted(epochs) == [1, 1, 2, 2, 3, 3]
