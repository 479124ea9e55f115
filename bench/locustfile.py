"""Locust users for the load run: participants open each module and mark it done, in order.

The users are spread over the app servers named in LOAD_HOSTS (comma separated), one after
the other. Each participant of the pool is taken by two simulated users at once, so the same
progress rows are also written concurrently. Every request is recorded with the server that
answered it; at the end the records go to the file named by LOAD_RESULT, for `bench.load` to
check against the database. `BaselineVisitor` requests the one-row view the same way, for the
throughput that the participants' is compared with.
"""

import itertools
import json
import os
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_POOL"], encoding="utf-8") as file:
    POOL = json.load(file)
HOSTS = os.environ["LOAD_HOSTS"].split(",")
NEXT_HOST = itertools.cycle(HOSTS)
QUEUE = [person for person in POOL["participants"] for _twice in range(2)]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECORDS = {"requests": [], "opened": [], "completed": []}


@events.request.add_listener
def _record(request_type, name, response_time, exception, url="", **_kwargs):
    server = urlsplit(url).port
    RECORDS["requests"].append([request_type, name, response_time, exception is None, server])


@events.test_stop.add_listener
def _write(**_kwargs):
    with open(os.environ["LOAD_RESULT"], "w", encoding="utf-8") as file:
        json.dump(RECORDS, file)


class Participant(HttpUser):
    """A logged-in participant working through the course."""

    wait_time = between(0.05, 0.3)

    def on_start(self):
        self.client.base_url = next(NEXT_HOST)
        self._next_participant()

    def _next_participant(self):
        if not QUEUE:
            self.stop()
            return
        person = QUEUE.pop()
        self.participant = person["participant"]
        self.client.cookies.set("sessionid", person["session"])
        self.remaining = list(POOL["modules"])

    @task
    def open_and_complete_a_module(self):
        """Open the next module (its progress starts), then press "Markera som klar"."""
        if not self.remaining:
            self._next_participant()
            return
        module = self.remaining.pop(0)
        with self.client.get(module["url"], name="modulsida", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
                return
            RECORDS["opened"].append([self.participant, module["id"]])
            token = CSRF_FIELD.search(page.text)
            if token is None:
                page.failure("no CSRF token on the module page")
                return
        with self.client.post(
            f"/min-kurs/moduler/{module['id']}/klar/",
            data={"csrfmiddlewaretoken": token.group(1)},
            name="markera som klar",
            allow_redirects=False,
            catch_response=True,
        ) as done:
            if done.status_code != 302:
                done.failure(f"status {done.status_code}")
                return
            RECORDS["completed"].append([self.participant, module["id"]])


class BaselineVisitor(HttpUser):
    """An anonymous visitor of the one-row view, with the participants' pauses."""

    wait_time = Participant.wait_time

    def on_start(self):
        self.client.base_url = next(NEXT_HOST)

    @task
    def open_the_baseline(self):
        """Request the one-row view."""
        with self.client.get(POOL["baseline_url"], name="baslinje", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"status {page.status_code}")
