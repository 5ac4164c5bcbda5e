"""Reading the test database beside the live server: on SQLite the server's threads and the test share one
connection, and a read that meets a write still running (an autosave, a beacon) is refused at once with "database table
is locked" instead of waiting. `read_when_the_server_is_done` retries such a read for up to five seconds."""

import time
from collections.abc import Callable

from django.db import OperationalError


def read_when_the_server_is_done[T](read: Callable[[], T]) -> T:
    for _ in range(50):
        try:
            return read()
        except OperationalError:
            time.sleep(0.1)
    return read()
