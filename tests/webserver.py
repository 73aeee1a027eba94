"""A real cpclint web server on 127.0.0.1 and a free port, in a background thread, for tests."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager


class Address(str):
    """The server's address ("http://127.0.0.1:PORT"), with its app for looking inside."""

    app = None


@contextmanager
def live_server(config_path: str | None = None):
    """Yields the page's Address; stops the server afterwards."""
    from cpclint.server import bind, server_for

    sock = bind("127.0.0.1", 0)
    server, url = server_for(sock, "127.0.0.1", config_path)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test web server did not start")
        time.sleep(0.02)
    address = Address(url)
    address.app = server.config.app
    try:
        yield address
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
