"""Data for the load run: the real course, and participants in Kronoberg who are logged in.

Run in the load run's own environment (`python -m bench.load_data POOL_FILE PARTICIPANTS`):
migrates the empty database, loads the reference data, the course and the real round, enrols
the participants in cohorts of 20, and writes a pool file with a logged-in session per
participant, the module URLs and the one-row view's URL, which the locust users read. One more
participant, the watcher, is logged in for the poller that looks for a published revision; the
simulated participants never use it.
"""

import json
import sys


def build(pool_file: str, participants: int) -> None:
    """Migrate, build the data, and write the pool file."""
    import logging

    import django

    django.setup()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # not a line per page created
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from coursecontent.course_fixture import load_course
    from coursecontent.models import ModulePage
    from lms.models import User
    from regions.loader import load_reference_data
    from regions.models import County
    from scheduling.models import Cohort, Enrolment, EnrolmentStatus
    from scheduling.rounds import ensure_real_round

    call_command("migrate", verbosity=0)
    load_reference_data()
    course = load_course().course
    course_round = ensure_real_round(course)
    county = County.objects.get(code="07")
    municipalities = list(county.municipalities.order_by("code"))
    password = make_password("last-test-inte-for-inloggning")
    users = User.objects.bulk_create(
        User(
            email=f"last{n}@bench.example",
            first_name="Last",
            last_name=str(n),
            municipality=municipalities[n % len(municipalities)],
            password=password,
        )
        for n in range(participants + 1)  # the last one is the watcher
    )
    cohorts = Cohort.objects.bulk_create(
        Cohort(round=course_round, county=county, name=f"Lastgrupp {n + 1}", capacity=20)
        for n in range((participants + 20) // 20)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            participant=user,
            cohort=cohorts[n // 20],
            round=course_round,
            status=EnrolmentStatus.ENROLLED,
        )
        for n, user in enumerate(users)
    )
    pool = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        pool.append({"participant": user.pk, "session": session.session_key})
    watcher = pool.pop()
    modules = [
        {"id": module.pk, "url": module.url}
        for module in ModulePage.objects.live().child_of(course).order_by("path")
    ]
    with open(pool_file, "w", encoding="utf-8") as file:
        json.dump(
            {
                "participants": pool,
                "watcher": watcher,
                "modules": modules,
                "baseline_url": f"/bench/baseline/{county.pk}/",
            },
            file,
        )


if __name__ == "__main__":
    build(sys.argv[1], int(sys.argv[2]))
