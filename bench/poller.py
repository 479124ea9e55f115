"""Watch several app servers for a text on a page: from when did each serve it to everyone?

Requests go out on a fixed beat (every POLL_SECONDS, several in flight at once) rather than one
after the other, so that a slow answer under load does not hide when the server began serving
the text. A request's send time is what counts: a server that answers a request sent at time t
with the text was serving it from t on, however long the answer took to come back. After the
text first appears the beat goes on for CONFIRM_SECONDS, so that an old answer from another
worker (a stale cache of its own) is caught: a server serves the text from the first request
after its last old answer, when at least CONFIRM_ANSWERS answers followed it.
"""

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

POLL_SECONDS = 0.05
CONFIRM_SECONDS = 1.0
CONFIRM_ANSWERS = 5  # new answers in a row, after the last old one, that count as served
IN_FLIGHT = 20


class Watch:
    """One beat per URL, requesting it until the text has been served for a while, or a deadline."""

    def __init__(self, urls: list[str], *, text: str, cookie: str, timeout: float):
        self._urls, self._text, self._cookie = urls, text, cookie
        self._deadline = time.monotonic() + timeout
        self._lock = threading.Lock()
        self._answers: dict[str, list[tuple[float, bool]]] = {url: [] for url in urls}
        self._threads = [threading.Thread(target=self._beat, args=(url,)) for url in urls]
        for thread in self._threads:
            thread.start()

    def seen_at(self) -> list[float | None]:
        """Per URL, the send time of the first request after which every answer held the text.

        None where the text never came, or not to CONFIRM_ANSWERS requests in a row at the end.
        """
        for thread in self._threads:
            thread.join()
        return [_served_from(self._answers[url]) for url in self._urls]

    @property
    def requests(self) -> int:
        """How many requests the watch has had answered, over every URL."""
        return sum(len(answers) for answers in self._answers.values())

    def _beat(self, url: str) -> None:
        first_seen = None
        with ThreadPoolExecutor(max_workers=IN_FLIGHT) as executor:
            while time.monotonic() < self._deadline:
                if first_seen is None and any(new for _sent, new in self._answers[url]):
                    first_seen = time.monotonic()
                if first_seen is not None and time.monotonic() - first_seen >= CONFIRM_SECONDS:
                    break
                executor.submit(self._fetch, url)
                time.sleep(POLL_SECONDS)
        # Leaving the block waits for the requests in flight: their answers count too.

    def _fetch(self, url: str) -> None:
        request = urllib.request.Request(url, headers={"Cookie": self._cookie})
        sent = time.time()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read().decode("utf-8")
        except OSError:
            return  # a refused or failed request proves nothing; the next beat tries again
        with self._lock:
            self._answers[url].append((sent, self._text in body))


def _served_from(answers: list[tuple[float, bool]]) -> float | None:
    last_old = max((sent for sent, new in answers if not new), default=float("-inf"))
    after = [sent for sent, new in answers if new and sent > last_old]
    return min(after) if len(after) >= CONFIRM_ANSWERS else None
