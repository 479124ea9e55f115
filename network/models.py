"""The municipalities' network: networks, members and their directory profiles, invitations,
meetings with answers and attendance, the needs survey, and the network's pages.
"""

import secrets
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page

from regions.models import County, Municipality
from scheduling.models import InterestRegistration, SupportWanted, Topic
from scheduling.permissions import sees_all_counties

AGENDA_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


def new_secret() -> str:
    """A 256-bit URL-safe secret for invitation links and network feeds."""
    return secrets.token_urlsafe(32)


# Paths below /natverk/ that a network's slug must not take.
RESERVED_SLUGS = frozenset({"min-profil", "behov", "inbjudan"})


class NetworkKind(models.TextChoices):
    """What a network is: the national one, a county's, or the reference group."""

    NATIONAL = "national", _("Nationellt nätverk")
    COUNTY = "county", _("Länsnätverk")
    REFERENCE = "reference", _("Referensgrupp")


class Network(models.Model):
    """A network of municipal strategists, run by coordinators of the county boards."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=NetworkKind)
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        related_name="networks",
        null=True,
        blank=True,
        help_text=_("Bara för länsnätverk: länet vars länsstyrelse driver nätverket."),
    )
    description = models.TextField(_("beskrivning"), blank=True, max_length=2000)
    feed_token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")
        permissions = [("run_network", _("Kan samordna nätverk"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=NetworkKind.COUNTY, county__isnull=False)
                | (~Q(kind=NetworkKind.COUNTY) & Q(county__isnull=True)),
                name="network_county_iff_county_kind",
            ),
            models.UniqueConstraint(
                fields=["county"],
                condition=Q(kind=NetworkKind.COUNTY),
                name="network_one_per_county",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=NetworkKind.NATIONAL),
                name="network_one_national",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """A county network names its county; the others name none; the slug is free."""
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Kortnamnet är upptaget av en annan sida.")})
        if self.kind == NetworkKind.COUNTY and self.county_id is None:
            raise ValidationError({"county": _("Ett länsnätverk måste ha ett län.")})
        if self.kind != NetworkKind.COUNTY and self.county_id is not None:
            raise ValidationError({"county": _("Bara ett länsnätverk har ett län.")})


def networks_seen_by(user) -> models.QuerySet:
    """The networks whose members' pages the user sees: their own, or every one for staff."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_staff:
        return Network.objects.all()
    return Network.objects.filter(memberships__member=user)


def networks_run_by(user) -> models.QuerySet:
    """The networks the user coordinates."""
    if not user.is_authenticated or not user.has_perm("network.run_network"):
        return Network.objects.none()
    if sees_all_counties(user):
        return Network.objects.all()
    if not user.county_id:
        return Network.objects.none()
    return Network.objects.filter(kind=NetworkKind.COUNTY, county_id=user.county_id)


class Membership(models.Model):
    """A person's membership of one network."""

    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    joined_at = models.DateTimeField(_("medlem sedan"), auto_now_add=True)

    class Meta:
        ordering = ["network", "joined_at"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["network", "member"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.member} i {self.network}"


class MemberProfile(models.Model):
    """What a member lets the other members of their networks see; nothing unless chosen."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_profile"
    )
    listed = models.BooleanField(_("visa mig i medlemsförteckningen"), default=False)
    show_name = models.BooleanField(_("visa mitt namn"), default=False)
    show_title = models.BooleanField(_("visa min befattning"), default=False)
    show_municipality = models.BooleanField(_("visa min kommun"), default=False)
    show_topics = models.BooleanField(_("visa mina ämnen"), default=False)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("ämnen jag arbetar med och kan dela erfarenheter av"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil i medlemsförteckningen")
        verbose_name_plural = _("profiler i medlemsförteckningen")

    def __str__(self):
        return str(self.member)


class NetworkInvitation(models.Model):
    """An invitation to join a network, from a confirmed interest registration."""

    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="invitations"
    )
    registration = models.ForeignKey(
        InterestRegistration,
        verbose_name=_("intresseanmälan"),
        on_delete=models.SET_NULL,
        related_name="network_invitations",
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-postadress"))
    token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("inbjuden"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_invitations_accepted",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan till nätverk")
        verbose_name_plural = _("inbjudningar till nätverk")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "registration"],
                condition=Q(registration__isnull=False),
                name="network_invitation_once_per_registration",
            )
        ]

    def __str__(self):
        return f"{self.network}: {self.municipality}"


class MeetingMode(models.TextChoices):
    """Where a network meeting takes place."""

    ONLINE = "online", _("Digitalt")
    ON_SITE = "on_site", _("På plats")


class MeetingStatus(models.TextChoices):
    """A meeting's state; a cancelled meeting is kept, as cancelled."""

    SCHEDULED = "scheduled", _("Planerad")
    CANCELLED = "cancelled", _("Inställd")


class Meeting(models.Model):
    """A network meeting (nätverksträff); its UID and SEQUENCE give it one calendar identity."""

    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    start = models.DateTimeField(_("börjar"))
    end = models.DateTimeField(_("slutar"))
    mode = models.CharField(_("form"), max_length=20, choices=MeetingMode)
    location = models.CharField(_("plats"), max_length=300, blank=True)
    online_url = models.URLField(_("länk för digital träff"), blank=True)
    agenda = RichTextField(_("dagordning"), features=AGENDA_FEATURES, blank=True)
    documents = models.ManyToManyField(
        "wagtaildocs.Document", verbose_name=_("dokument"), blank=True, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("antal platser"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Lämna tomt om antalet inte är begränsat."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("anledning till inställd träff"), max_length=300, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("nätverksträff")
        verbose_name_plural = _("nätverksträffar")
        indexes = [models.Index(fields=["network", "start"], name="meeting_network_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """A meeting ends after it starts, and an online meeting has its link."""
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Träffen måste sluta efter att den börjar.")})
        if self.mode == MeetingMode.ONLINE and not self.online_url:
            raise ValidationError({"online_url": _("En digital träff behöver en länk.")})
        if self.mode == MeetingMode.ON_SITE and not self.location:
            raise ValidationError({"location": _("En träff på plats behöver en plats.")})


class Answer(models.TextChoices):
    """A member's answer to a meeting."""

    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    MAYBE = "maybe", _("Kanske")


class MeetingResponse(models.Model):
    """A member's answer (ja, nej, kanske) to a meeting; one per member and meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_responses"
    )
    answer = models.CharField(_("svar"), max_length=10, choices=Answer)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar på nätverksträff")
        verbose_name_plural = _("svar på nätverksträffar")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_response_unique")
        ]
        indexes = [models.Index(fields=["member", "answer"], name="meeting_response_member_idx")]

    def __str__(self):
        return f"{self.member}: {self.answer}"


class MeetingAttendance(models.Model):
    """Who took part in a meeting; an erased member's row stays without a person, for counts."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="meeting_attendance",
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deltagande i nätverksträff")
        verbose_name_plural = _("deltagande i nätverksträffar")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="meeting_attendance_unique",
            )
        ]

    def __str__(self):
        return f"{self.meeting}: {self.member_id or '-'}"


class NeedsAnswer(SupportWanted):
    """One answer to the needs survey, by a member or an invited contact, for a municipality.

    The municipality stays when the person is erased, so the needs report reads the same. An
    answer given on joining from an interest registration names it: the registration's own
    answers (on the public form) then count through this one, not twice.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    respondent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_answer",
    )
    registration = models.OneToOneField(
        InterestRegistration,
        verbose_name=_("intresseanmälan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_answer",
        help_text=_("Intresseanmälan vars svar det här svaret tar över, så att de räknas en gång."),
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("ämnen"), blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar på behovsenkäten")
        verbose_name_plural = _("svar på behovsenkäten")

    def __str__(self):
        return f"{self.municipality} ({self.answered_at:%Y-%m-%d})"


class NetworkIndexPage(Page):
    """The network's start page: the guide, its short version, and the members' examples."""

    intro = RichTextField(_("inledning"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["coursecontent.HomePage"]
    subpage_types = ["network.GuidePage", "network.ExamplePage"]
    max_count = 1

    class Meta:
        verbose_name = _("nätverkets startsida")
        verbose_name_plural = _("nätverkets startsidor")

    def get_context(self, request, *args, **kwargs):
        """The guides, and the published examples of the networks the visitor belongs to."""
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.live().public().child_of(self).order_by("path")
        context["examples"] = (
            ExamplePage.objects.live()
            .child_of(self)
            .filter(network__in=networks_seen_by(request.user))
            .select_related("network", "municipality")
            .order_by("-first_published_at")
        )
        return context


class GuidePage(Page):
    """A guide from the county boards: what it is for, and where it is published."""

    year = models.PositiveSmallIntegerField(_("utgiven år"))
    publisher = models.CharField(_("utgivare"), max_length=200, default="Länsstyrelserna")
    summary = RichTextField(_("sammanfattning"), features=["bold", "italic", "link", "ul"])
    link_url = models.URLField(
        _("länk till vägledningen"),
        blank=True,
        help_text=_("Adressen där vägledningen är publicerad. Utan länk visas ingen länk."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("publisher"),
        FieldPanel("summary"),
        FieldPanel("link_url"),
    ]
    parent_page_types = ["network.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("vägledning")
        verbose_name_plural = _("vägledningar")


class ExamplePage(Page):
    """A member's own example (erfarenhetsexempel), published after a coordinator approves it.

    Only members of its network (and staff) see it, see `network.wagtail_hooks`.
    """

    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.PROTECT, related_name="examples"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    summary = models.TextField(_("kort sammanfattning"), max_length=500)
    body = RichTextField(_("exemplet"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    topics = ParentalManyToManyField(Topic, verbose_name=_("ämnen"), blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skribent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_examples",
    )

    content_panels = Page.content_panels + [
        FieldPanel("network"),
        FieldPanel("municipality"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    parent_page_types = ["network.NetworkIndexPage"]
    subpage_types = []
    search_fields = []

    class Meta:
        verbose_name = _("erfarenhetsexempel")
        verbose_name_plural = _("erfarenhetsexempel")


class ExampleApprovalTask(AbstractGroupApprovalTask):
    """Approval of members' examples by the coordinators of the example's own network.

    Its groups say who moderates at all; of them, a county coordinator approves, rejects and
    edits only examples of their county's network, national staff every network's.
    """

    def _reaches(self, obj, user) -> bool:
        network_id = getattr(obj.specific_deferred, "network_id", None)
        return network_id is not None and networks_run_by(user).filter(pk=network_id).exists()

    def user_can_access_editor(self, obj, user):
        """Only the coordinators of the example's network open it in moderation."""
        return super().user_can_access_editor(obj, user) and self._reaches(obj, user)

    def locked_for_user(self, obj, user):
        """Locked for everyone who does not run the example's network."""
        return super().locked_for_user(obj, user) or not self._reaches(obj, user)

    def user_can_lock(self, obj, user):
        """Only the coordinators of the example's network lock it."""
        return super().user_can_lock(obj, user) and self._reaches(obj, user)

    def get_actions(self, obj, user):
        """Approve and request changes: for the coordinators of the example's network."""
        return super().get_actions(obj, user) if self._reaches(obj, user) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The examples in moderation of the networks the user runs (dashboard, listings)."""
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        pages = (
            ExamplePage.objects.filter(network__in=networks_run_by(user))
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        return states.filter(workflow_state__object_id__in=pages)

    @classmethod
    def get_description(cls):
        """What the task does, in the admin's list of task types."""
        return _("Samordnarna för exemplets nätverk godkänner (nationell samordning alla).")

    class Meta:
        verbose_name = _("godkännande av erfarenhetsexempel")
        verbose_name_plural = _("godkännanden av erfarenhetsexempel")
