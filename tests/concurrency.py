"""Real concurrency for the tests marked `postgres`: each call runs in its own thread with its own database
connection (closed when the call ends), so row locks and unique constraints meet a second transaction as they do
between two requests. The tests use the `run_concurrently` fixture (conftest.py); a test that needs to act while a
call is still running starts it with `start_concurrently` and joins it later.

A test using these must be `@pytest.mark.django_db(transaction=True)`: the threads cannot see rows of the test's
own, never committed, transaction."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection


class Threads:
    """Calls running at once; with `together` they wait for each other at a barrier and start in the same
    instant (a double click, two admins pressing the same button)."""

    def __init__(self, calls: tuple[Callable[[], Any], ...], *, together: bool = True) -> None:
        if not calls:
            raise ValueError("start_concurrently needs at least one call")
        self.results: list[Any] = []
        self.errors: list[BaseException] = []
        self._barrier = threading.Barrier(len(calls)) if together else None
        self._threads = [threading.Thread(target=self._run, args=(call,), daemon=True) for call in calls]
        for thread in self._threads:
            thread.start()

    def _run(self, call: Callable[[], Any]) -> None:
        try:
            if self._barrier is not None:
                self._barrier.wait()
            self.results.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            self.errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    def alive(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def join(self, timeout: float = 60) -> tuple[list[Any], list[BaseException]]:
        """Wait for every call; returns what the calls returned and what they raised, each in the order they
        finished. A call still running after `timeout` seconds fails the test (a lock never released)."""
        for thread in self._threads:
            thread.join(timeout)
        if self.alive():
            raise AssertionError(f"a concurrent call was still running after {timeout} s")
        return self.results, self.errors


def start_concurrently(*calls: Callable[[], Any], together: bool = True) -> Threads:
    return Threads(calls, together=together)


def run_concurrently(*calls: Callable[[], Any], timeout: float = 60) -> tuple[list[Any], list[BaseException]]:
    """Run the calls at the same instant, each in its own thread and connection, and wait for all of them."""
    return start_concurrently(*calls).join(timeout)
