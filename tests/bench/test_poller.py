"""The load run's poller: when each server first served a text, and never where it did not."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.poller import Watch


class SlowServer:
    """A local HTTP server that answers after `delay` seconds with the body current at sending."""

    def __init__(self, delay: float, stale_every: int = 0):
        self.body = b"gammal text"
        self.answered = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.answered += 1
                stale = stale_every and server.answered % stale_every == 0
                # Read at arrival, answered late: a slow server under load. One request in
                # `stale_every` gets the old body, as from a worker with a stale cache of its own.
                body = b"gammal text" if stale else server.body
                time.sleep(delay)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/modul/"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def servers():
    slow, stale, half = SlowServer(delay=0.6), SlowServer(delay=0.0), SlowServer(0.0, 3)
    yield slow, stale, half
    for server in (slow, stale, half):
        server.close()


def test_a_slow_answer_counts_from_its_sending_and_a_stale_server_is_never_seen(servers):
    slow, stale, half_stale = servers
    watch = Watch(
        [slow.url, stale.url, half_stale.url], text="ny text", cookie="sessionid=x", timeout=3
    )
    time.sleep(0.3)
    published = time.time()
    slow.body = half_stale.body = b"ny text"

    seen_slow, seen_stale, seen_half_stale = watch.seen_at()

    # Answers take 0.6 s, yet the change is dated by the sending of the first request to see
    # it: well under the 0.6 s that dating by the answer would give, with room for a busy
    # machine. (One sent a moment before may arrive after it and count: the server reads on
    # arrival.)
    assert seen_slow is not None and -0.05 <= seen_slow - published < 0.45
    # Never the new text, or not to every request: not served.
    assert seen_stale is None
    assert seen_half_stale is None
    assert watch.requests > 20
