# ruff: noqa: E501 -- one row per line, so that the table reads as a table and adding a row is a line
"""The permission matrix as data: who may reach each URL and command, and how a refusal looks.

docs/permissions.md shows this same data as a table; tests/security/test_permission_matrix.py
requests every row as every role and checks that the docs table is the one render_table() makes.
Run `python -m tests.security.matrix` to print the table after changing a row.

A row names the URL pattern, the method, the path (with placeholders filled from the world of
tests/security/world.py) and one cell per role, in the order of ROLES. A path that names an object
of a county ({cohort}, {session}, {token}, ...) is requested twice: with the objects of the role's
own county or person ("own"), and with those of another county or person ("other"). A cell is one
code, or two codes "own/other" when the two differ:

  Y  allowed
  S  allowed, but only the role's own data: the other county's or person's data is not on the
     page, whatever the URL asks for (the row's marker names what is checked)
  L  denied: redirect to the login page (the site's, or the admin's for /admin/ URLs)
  A  denied: the admin's "no permission" redirect to the admin dashboard
  N  denied: 404, as if the object did not exist
  F  denied: 403
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "participant",
    "trainer",
    "county_coordinator",
    "national_coordinator",
    "course_editor",
    "administrator",
)
ROLE_LABELS = {
    "anonymous": "Anonymous",
    "participant": "Participant",
    "trainer": "Trainer (Kursledare)",
    "county_coordinator": "County coordinator (Kurssamordnare)",
    "national_coordinator": "National coordinator (Nationella samordnare)",
    "course_editor": "Course editor (Kursredaktörer)",
    "administrator": "Administrator (superuser)",
}
OUTCOMES = {
    "Y": "allowed",
    "S": "own only",
    "L": "login",
    "A": "denied (admin)",
    "N": "404",
    "F": "403",
}
SIDE_PLACEHOLDERS = (
    "cohort",
    "session",
    "session_uid",
    "participant",
    "enrolment",
    "interest",
    "token",
    "county",
    "county_code",
    "network",
    "network_slug",
    "network_token",
    "meeting",
    "meeting_uid",
    "example",
)


@dataclass(frozen=True)
class Row:
    """One endpoint: URL name, method, path, the cells in ROLES order, and what it is."""

    name: str
    method: str
    path: str
    cells: str
    label: str
    data: dict = field(default_factory=dict)
    marker: str | None = None

    @property
    def by_role(self) -> dict[str, str]:
        """The cell of each role."""
        cells = self.cells.split()
        assert len(cells) == len(ROLES), f"{self.label}: {len(cells)} cells for {len(ROLES)} roles"
        return dict(zip(ROLES, cells, strict=True))

    @property
    def names_an_object(self) -> bool:
        """True when the path or data names an object of one county or person."""
        text = self.path + " ".join(str(value) for value in self.data.values())
        return any("{" + key + "}" in text for key in SIDE_PLACEHOLDERS)

    def expected(self, role: str, side: str) -> str:
        """The outcome code for the role with the own or the other county's objects."""
        own, _slash, other = self.by_role[role].partition("/")
        return other if side == "other" and other else own


# fmt: off
ROWS = [
    # Public site                                              anon part trai coor nati edit admi
    Row("wagtail_serve", "GET", "{course_url}",                 "Y Y Y Y Y Y Y", "Course page"),
    Row("wagtail_serve", "GET", "{module_url}",                 "L Y Y Y Y Y Y", "Module page"),
    Row("favicon", "GET", "/favicon.ico",                      "Y Y Y Y Y Y Y", "Site icon (redirects to the static file)"),
    Row("scheduling:county_list", "GET", "/lan/",               "Y Y Y Y Y Y Y", "Counties' schedules"),
    Row("scheduling:county_detail", "GET", "/lan/{county_code}/", "Y Y Y Y Y Y Y", "A county's schedule"),
    Row("scheduling:interest_register", "GET", "/intresse/",    "Y Y Y Y Y Y Y", "Interest form"),
    Row("scheduling:interest_thanks", "GET", "/intresse/tack/", "Y Y Y Y Y Y Y", "Interest form: thanks"),
    Row("scheduling:interest_confirm", "GET", "/intresse/bekrafta/{interest_link}/", "Y Y Y Y Y Y Y", "Interest form: the emailed confirmation link"),
    Row("lms:rollout", "GET", "/statistik/",                    "Y Y Y Y Y Y Y", "Public statistics"),
    Row("lms:rollout_csv", "GET", "/statistik/utrullning.csv",  "Y Y Y Y Y Y Y", "Public statistics, open data CSV"),
    Row("lms:certificate_verify", "GET", "/intyg/?kod={code}",  "Y Y Y Y Y Y Y", "Check a certificate (form)"),
    Row("lms:certificate_verify_code", "GET", "/intyg/{code}/", "Y Y Y Y Y Y Y", "Check a certificate (link)"),
    Row("set_language", "POST", "/sprak/",                      "Y Y Y Y Y Y Y", "Language switch", {"language": "en", "next": "/"}),
    # Feeds (no login: a calendar client fetches them as they are)
    Row("scheduling:county_feed", "GET", "/lan/{county_code}/kalender.ics", "Y Y Y Y Y Y Y", "County feed"),
    Row("scheduling:cohort_feed", "GET", "/grupper/{cohort}/kalender.ics",  "Y Y Y Y Y Y Y", "Cohort feed"),
    Row("scheduling:session_ics", "GET", "/traffar/{session_uid}.ics",      "Y Y Y Y Y Y Y", "One session (.ics)"),
    Row("scheduling:personal_feed", "GET", "/kalender/{token}.ics",         "Y Y Y Y Y Y Y", "Personal feed (secret token in the path)"),
    Row("scheduling:personal_feed", "GET", "/kalender/{token}x.ics",        "N N N N N N N", "Personal feed, wrong token"),
    # Accounts
    Row("lms:login", "GET", "/konto/logga-in/",                 "Y Y Y Y Y Y Y", "Log in"),
    Row("lms:logout", "POST", "/konto/logga-ut/",               "Y Y Y Y Y Y Y", "Log out"),
    Row("lms:password_reset", "GET", "/konto/glomt-losenord/",  "Y Y Y Y Y Y Y", "Forgotten password"),
    Row("lms:password_reset_sent", "GET", "/konto/glomt-losenord/skickat/", "Y Y Y Y Y Y Y", "Forgotten password: sent"),
    Row("lms:password_set", "GET", "/konto/valj-losenord/MQ/fel-token/", "Y Y Y Y Y Y Y", "Choose a password (invalid link)"),
    # The participant's own pages
    Row("lms:my_course", "GET", "/min-kurs/",                   "L Y Y Y Y Y Y", "Min kurs"),
    Row("lms:my_data", "GET", "/min-kurs/mina-uppgifter/",      "L Y Y Y Y Y Y", "Mina uppgifter (own personal data)"),
    Row("lms:my_data_download", "GET", "/min-kurs/mina-uppgifter.json", "L Y Y Y Y Y Y", "Own personal data as JSON"),
    Row("lms:learning_log", "GET", "/min-kurs/larlogg.txt",     "L S S S S S S", "Learning log (own reflections)", marker="answer"),
    Row("lms:certificate_download", "GET", "/min-kurs/intyg/{round_slug}.pdf", "L Y N N N N N", "Own certificate (PDF)"),
    Row("lms:module_complete", "POST", "/min-kurs/moduler/{module}/klar/", "L Y Y Y Y Y Y", "Mark a module done"),
    Row("lms:module_undo", "POST", "/min-kurs/moduler/{module}/inte-klar/", "L Y Y Y Y Y Y", "Mark a module not done"),
    Row("lms:reflection_save", "POST", "/min-kurs/moduler/{module}/reflektion/", "L Y Y Y Y Y Y", "Save a reflection", {"block_id": "{block}", "answer": "Svar"}),
    Row("scheduling:my_calendar", "GET", "/min-kalender/",      "L Y Y Y Y Y Y", "Min kalender"),
    Row("scheduling:my_calendar_rotate", "POST", "/min-kalender/ny-lank/", "L Y Y Y Y Y Y", "New secret feed link"),
    # The network: members' pages, the invitation link, pages and feeds (network/)
    Row("network:mine", "GET", "/natverk/",                     "L Y Y Y Y Y Y", "Mina nätverk"),
    Row("network:profile", "GET", "/natverk/min-profil/",       "L Y Y Y Y Y Y", "Own directory profile (what others see)"),
    Row("network:profile", "POST", "/natverk/min-profil/",      "L Y Y Y Y Y Y", "Save own directory profile", {"listed": "on"}),
    Row("network:needs", "GET", "/natverk/behov/",              "L Y N N N N N", "Needs survey (members with a municipality)"),
    Row("network:accept", "GET", "/natverk/inbjudan/{invitation_token}/", "Y Y Y Y Y Y Y", "Accept an invitation (secret token in the path)"),
    Row("network:accept", "GET", "/natverk/inbjudan/{invitation_token}x/", "N N N N N N N", "Accept an invitation, wrong token"),
    Row("network:detail", "GET", "/natverk/{network_slug}/",    "L Y/N N Y/N Y N Y", "A network: meetings and feed link"),
    Row("network:directory", "GET", "/natverk/{network_slug}/medlemmar/", "L Y/N N Y/N Y N Y", "A network's member directory"),
    Row("network:meeting", "GET", "/natverk/{network_slug}/traffar/{meeting_uid}/", "L Y/N N Y/N Y N Y", "A network meeting"),
    Row("network:meeting", "POST", "/natverk/{network_slug}/traffar/{meeting_uid}/", "L Y/N N Y/N Y N Y", "Answer a network meeting", {"answer": "maybe"}),
    Row("network:example_create", "GET", "/natverk/{network_slug}/exempel/nytt/", "L Y/N N N N N N", "Write an example (members)"),
    Row("network:feed", "GET", "/natverk/{network_slug}/kalender/{network_token}.ics", "Y Y Y Y Y Y Y", "Network feed (secret token in the path)"),
    Row("network:feed", "GET", "/natverk/{network_slug}/kalender/{network_token}x.ics", "N N N N N N N", "Network feed, wrong token"),
    Row("wagtail_serve", "GET", "{network_index_url}",          "Y Y Y Y Y Y Y", "The network's page (guides; examples for members)"),
    Row("wagtailadmin_pages:edit", "GET", "/admin/pages/{example}/edit/", "L L A Y/A Y A Y", "Edit or approve an example in moderation (its network's coordinators)"),
    Row("wagtail_serve", "GET", "{example_url}",                "L Y Y Y Y Y Y", "A published example (members of its network, staff)"),
    # Admin: dashboard and statistics
    Row("wagtailadmin_home", "GET", "/admin/",                  "L L Y Y Y Y Y", "Admin dashboard"),
    Row("lms_stats", "GET", "/admin/statistik/?round={round}&county={county}", "L L A S Y A Y", "Statistics, county filter", marker="municipality"),
    Row("lms_stats", "GET", "/admin/statistik/?round={round}&county={county}&export=csv&table=cohort", "L L A S Y A Y", "Statistics export (CSV), county filter", marker="cohort"),
    Row("lms_stats", "GET", "/admin/statistik/?round={round}&county={county}&export=xlsx", "L L A Y Y A Y", "Statistics export (Excel), county filter"),
    Row("lms_stats_needs", "GET", "/admin/statistik/behov/",  "L L A S Y A Y", "Needs report (network survey)", marker="county_name"),
    Row("lms_stats_needs", "GET", "/admin/statistik/behov/?export=csv&table=county", "L L A S Y A Y", "Needs report export (CSV)", marker="county_name"),
    Row("lms_stats_needs", "GET", "/admin/statistik/behov/?export=xlsx", "L L A Y Y A Y", "Needs report export (Excel)"),
    # Admin: the network (network/wagtail_hooks.py)
    Row("network_network:index", "GET", "/admin/natverk/natverk/", "L L A S Y A Y", "Networks", marker="network"),
    Row("network_network:index_results", "GET", "/admin/natverk/natverk/results/", "L L A S Y A Y", "Networks (results)", marker="network"),
    Row("network_network:add", "GET", "/admin/natverk/natverk/new/", "L L A A Y A Y", "New network"),
    Row("network_network:edit", "GET", "/admin/natverk/natverk/edit/{network}/", "L L A A Y A Y", "Edit a network"),
    Row("network_network:delete", "GET", "/admin/natverk/natverk/delete/{network}/", "L L A A A A Y", "Delete a network"),
    Row("network_network:history", "GET", "/admin/natverk/natverk/history/{network}/", "L L A A Y A Y", "A network's history"),
    Row("network_network:history_results", "GET", "/admin/natverk/natverk/history-results/{network}/", "L L A A Y A Y", "A network's history (results)"),
    Row("network_network:usage", "GET", "/admin/natverk/natverk/usage/{network}/", "L L A A Y A Y", "A network's usage"),
    Row("network_network:members", "GET", "/admin/natverk/natverk/{network}/medlemmar/", "L L N Y/N Y N Y", "A network's members and invitations"),
    Row("network_network:members", "POST", "/admin/natverk/natverk/{network}/medlemmar/", "L L N Y/N Y N Y", "Remove a member", {"action": "remove", "member": "{participant}"}),
    Row("network_meeting:index", "GET", "/admin/natverk/traffar/", "L L A S Y A Y", "Network meetings", marker="meeting"),
    Row("network_meeting:index_results", "GET", "/admin/natverk/traffar/results/", "L L A S Y A Y", "Network meetings (results)", marker="meeting"),
    Row("network_meeting:add", "GET", "/admin/natverk/traffar/new/", "L L A Y Y A Y", "New network meeting"),
    Row("network_meeting:edit", "GET", "/admin/natverk/traffar/edit/{meeting}/", "L L A Y/N Y A Y", "Edit a network meeting"),
    Row("network_meeting:delete", "GET", "/admin/natverk/traffar/delete/{meeting}/", "L L N A/N A N Y", "Delete a network meeting"),
    Row("network_meeting:history", "GET", "/admin/natverk/traffar/history/{meeting}/", "L L N Y/N Y N Y", "A network meeting's history"),
    Row("network_meeting:history_results", "GET", "/admin/natverk/traffar/history-results/{meeting}/", "L L N Y/N Y N Y", "A network meeting's history (results)"),
    Row("network_meeting:usage", "GET", "/admin/natverk/traffar/usage/{meeting}/", "L L N Y/N Y N Y", "A network meeting's usage"),
    Row("network_meeting:cancel", "GET", "/admin/natverk/traffar/{meeting}/stall-in/", "L L N Y/N Y N Y", "Cancel a network meeting (form)"),
    Row("network_meeting:attendance", "GET", "/admin/natverk/traffar/{meeting}/deltagare/", "L L N Y/N Y N Y", "Who took part in a network meeting"),
    Row("network_meeting:attendance", "POST", "/admin/natverk/traffar/{meeting}/deltagare/", "L L N Y/N Y N Y", "Record who took part", {"attended": "{participant}"}),
    Row("network_topic:index", "GET", "/admin/natverk/amnen/",  "L L A A A Y Y", "Topics"),
    Row("network_topic:index_results", "GET", "/admin/natverk/amnen/results/", "L L A A A Y Y", "Topics (results)"),
    Row("network_topic:add", "GET", "/admin/natverk/amnen/new/", "L L A A A Y Y", "New topic"),
    Row("network_topic:edit", "GET", "/admin/natverk/amnen/edit/{topic}/", "L L A A A Y Y", "Edit a topic"),
    Row("network_topic:delete", "GET", "/admin/natverk/amnen/delete/{topic}/", "L L A A A A Y", "Delete a topic"),
    Row("network_topic:history", "GET", "/admin/natverk/amnen/history/{topic}/", "L L A A A Y Y", "A topic's history"),
    Row("network_topic:history_results", "GET", "/admin/natverk/amnen/history-results/{topic}/", "L L A A A Y Y", "A topic's history (results)"),
    Row("network_topic:usage", "GET", "/admin/natverk/amnen/usage/{topic}/", "L L A A A Y Y", "A topic's usage"),
    # Admin: rounds
    Row("scheduling_round:index", "GET", "/admin/scheduling/round/", "L L A Y Y A Y", "Rounds"),
    Row("scheduling_round:index_results", "GET", "/admin/scheduling/round/results/", "L L A Y Y A Y", "Rounds (results)"),
    Row("scheduling_round:add", "GET", "/admin/scheduling/round/new/", "L L A A Y A Y", "New round"),
    Row("scheduling_round:edit", "GET", "/admin/scheduling/round/edit/{round}/", "L L A A Y A Y", "Edit a round"),
    Row("scheduling_round:delete", "GET", "/admin/scheduling/round/delete/{round}/", "L L A A A A Y", "Delete a round"),
    Row("scheduling_round:history", "GET", "/admin/scheduling/round/history/{round}/", "L L A A Y A Y", "A round's history"),
    Row("scheduling_round:history_results", "GET", "/admin/scheduling/round/history-results/{round}/", "L L A A Y A Y", "A round's history (results)"),
    Row("scheduling_round:usage", "GET", "/admin/scheduling/round/usage/{round}/", "L L A A Y A Y", "A round's usage"),
    Row("scheduling_round:plan", "GET", "/admin/scheduling/round/{round}/plan/", "L L A A Y A Y", "Rollout plan of a round"),
    # Admin: cohorts, their participants and sessions
    Row("scheduling_cohort:index", "GET", "/admin/scheduling/cohort/", "L L S S Y A Y", "Cohorts", marker="cohort"),
    Row("scheduling_cohort:index_results", "GET", "/admin/scheduling/cohort/results/", "L L S S Y A Y", "Cohorts (results)", marker="cohort"),
    Row("scheduling_cohort:add", "GET", "/admin/scheduling/cohort/new/", "L L A Y Y A Y", "New cohort"),
    Row("scheduling_cohort:edit", "GET", "/admin/scheduling/cohort/edit/{cohort}/", "L L A Y/N Y A Y", "Edit a cohort and its sessions"),
    Row("scheduling_cohort:delete", "GET", "/admin/scheduling/cohort/delete/{cohort}/", "L L N A/N A N Y", "Delete a cohort"),
    Row("scheduling_cohort:history", "GET", "/admin/scheduling/cohort/history/{cohort}/", "L L A/N Y/N Y N Y", "A cohort's history"),
    Row("scheduling_cohort:history_results", "GET", "/admin/scheduling/cohort/history-results/{cohort}/", "L L A/N Y/N Y N Y", "A cohort's history (results)"),
    Row("scheduling_cohort:usage", "GET", "/admin/scheduling/cohort/usage/{cohort}/", "L L N Y/N Y N Y", "A cohort's usage"),
    Row("scheduling_cohort:participants", "GET", "/admin/scheduling/cohort/{cohort}/deltagare/", "L L Y/N Y/N Y N Y", "A cohort's participants"),
    Row("scheduling_cohort:participants", "POST", "/admin/scheduling/cohort/{cohort}/deltagare/", "L L A/N Y/N Y N Y", "Cancel an enrolment", {"action": "cancel", "enrolment": "{enrolment}"}),
    Row("scheduling_cohort:session_cancel", "GET", "/admin/scheduling/cohort/trff/{session}/stall-in/", "L L N Y/N Y N Y", "Cancel a session (form)"),
    Row("scheduling_cohort:session_cancel", "POST", "/admin/scheduling/cohort/trff/{session}/stall-in/", "L L N Y/N Y N Y", "Cancel a session", {"reason": "Sjukdom"}),
    Row("lms_attendance", "GET", "/admin/narvaro/{session}/",  "L L Y/N Y/N Y N Y", "Attendance at a session"),
    Row("lms_attendance", "POST", "/admin/narvaro/{session}/", "L L Y/N Y/N Y N Y", "Record attendance", {"attended": "{participant}"}),
    # Admin: interest registrations
    Row("scheduling_interest:index", "GET", "/admin/scheduling/interestregistration/", "L L A S Y A Y", "Interest registrations", marker="municipality"),
    Row("scheduling_interest:index_results", "GET", "/admin/scheduling/interestregistration/results/", "L L A S Y A Y", "Interest registrations (results)", marker="municipality"),
    Row("scheduling_interest:inspect", "GET", "/admin/scheduling/interestregistration/inspect/{interest}/", "L L N/A Y/N Y N Y", "One interest registration"),
    Row("scheduling_interest:add", "GET", "/admin/scheduling/interestregistration/new/", "L L A A A A Y", "New interest registration"),
    Row("scheduling_interest:edit", "GET", "/admin/scheduling/interestregistration/edit/{interest}/", "L L A A A A Y", "Edit an interest registration"),
    Row("scheduling_interest:delete", "GET", "/admin/scheduling/interestregistration/delete/{interest}/", "L L A A A A Y", "Delete an interest registration"),
    Row("scheduling_interest:history", "GET", "/admin/scheduling/interestregistration/history/{interest}/", "L L A A A A Y", "An interest registration's history"),
    Row("scheduling_interest:history_results", "GET", "/admin/scheduling/interestregistration/history-results/{interest}/", "L L A A A A Y", "An interest registration's history (results)"),
    Row("scheduling_interest:usage", "GET", "/admin/scheduling/interestregistration/usage/{interest}/", "L L A A A A Y", "An interest registration's usage"),
    # Admin: Wagtail's site-wide history, refused to county staff (config/urls.py)
    # Admin: the outbox (every county's mail, so national staff only)
    Row("calendars_outbox", "GET", "/admin/utkorg/", "L L A A Y A Y", "Outbox: mail that could not be sent"),
    Row("calendars_outbox", "POST", "/admin/utkorg/", "L L A A Y A Y", "Outbox: send a message again", {"message": "0"}),
    Row("site_history", "GET", "/admin/reports/site-history/", "L L A A Y Y Y", "Site history (every county's entries)"),
    Row("site_history_results", "GET", "/admin/reports/site-history/results/", "L L A A Y Y Y", "Site history (results)"),
    # Admin: users (Wagtail's user admin with our forms, lms.viewsets.UserViewSet)
    Row("wagtailusers_users:index", "GET", "/admin/users/",    "L L A A A A Y", "Users"),
    Row("wagtailusers_users:index_results", "GET", "/admin/users/results/", "L L A A A A Y", "Users (results)"),
    Row("wagtailusers_users:add", "GET", "/admin/users/new/",  "L L A A A A Y", "New user"),
    Row("wagtailusers_users:edit", "GET", "/admin/users/edit/{participant}/", "L L A A A A Y", "Edit a user"),
    Row("wagtailusers_users:delete", "GET", "/admin/users/delete/{participant}/", "L L A A A A Y", "Delete a user"),
    Row("wagtailusers_users:history", "GET", "/admin/users/history/{participant}/", "L L A A A A Y", "A user's history"),
    Row("wagtailusers_users:history_results", "GET", "/admin/users/history-results/{participant}/", "L L A A A A Y", "A user's history (results)"),
    Row("wagtailusers_users:usage", "GET", "/admin/users/usage/{participant}/", "L L A A A A Y", "A user's usage"),
    Row("wagtailusers_users:erase", "GET", "/admin/users/erase/{participant}/", "L L A A A A Y", "Erase a participant's personal data"),
    Row("wagtailusers_users:copy", "GET", "/admin/users/copy/{participant}/", "L L A A A A Y", "Copy a user"),
    # Admin: the page tree (Wagtail's page editor)
    Row("wagtailadmin_pages:edit", "GET", "/admin/pages/{module}/edit/", "L L A A A Y Y", "Edit a module page"),
]
# fmt: on

# Management commands run on the server, by whoever operates it; no web role reaches them.
COMMANDS = {
    "bootstrap": "Migrate, load reference data and the course, create groups (and demo accounts)",
    "plan_rollout": "Print or publish a round's rollout plan",
    "send_pending_invitations": "Send every email in the outbox that is waiting, due for a retry or flagged",
    "completion_stats": "Completion statistics as a table, CSV, JSON or Excel",
    "refresh_statistics": "Recompute the statistics visitors read (public page, dashboard panels) where due",
    "recompute_completions": "Apply a changed completion rule to a round",
    "erase_personal_data": "Erase participants whose rounds ended longer ago than the retention time",
}


def _cell_text(cell: str) -> str:
    own, _slash, other = cell.partition("/")
    if not other:
        return OUTCOMES[own]
    return f"own: {OUTCOMES[own]}; other: {OUTCOMES[other]}"


def render_table() -> str:
    """The matrix as the Markdown tables of docs/permissions.md."""
    header = ["Endpoint", "Method", "Path", *(ROLE_LABELS[role] for role in ROLES)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in ROWS:
        cells = [_cell_text(row.by_role[role]) for role in ROLES]
        lines.append(
            "| "
            + " | ".join([row.label, row.method, f"`{row.path}`", *cells]).replace("\n", " ")
            + " |"
        )
    lines += ["", "| Management command | What it does | Who runs it |", "| --- | --- | --- |"]
    for name, what in COMMANDS.items():
        lines.append(f"| `manage.py {name}` | {what} | server operator only; no web role |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_table(), end="")
