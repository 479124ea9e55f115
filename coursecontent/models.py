"""Page types: home page, course index, course and module, and the tree they may form."""

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from .blocks import INLINE_FEATURES, LearningObjectivesBlock, ModuleBodyBlock
from .fields import StreamField
from .querysets import ModulePageQuerySet
from .view_restrictions import OneQueryViewRestrictionsMixin


class HomePage(OneQueryViewRestrictionsMixin, Page):
    """The site's start page: what the platform is, and the way to the courses."""

    intro = RichTextField(_("inledning"), features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["coursecontent.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")

    def route(self, request, path_components):
        """Find the page for a whole path with one lookup on url_path.

        Wagtail's default walks the tree with a query per level; Wagtail also only checks that
        the last page is live, so finding it directly by its full url_path behaves the same.
        The tree's page types are fixed by level (course list, course, module), so the page
        is looked up as its own type in one query; any other page falls back to the generic
        lookup.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = None
        if model := _PAGE_TYPE_BY_LEVEL.get(len(path_components)):
            page = model.objects.filter(url_path=url_path).first()
        if page is None:
            page = Page.objects.filter(url_path=url_path).specific().first()
        if page is None:
            raise Http404
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):
        """Add the live courses below this page."""
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().public().descendant_of(self).order_by("path")
        return context


class CourseIndexPage(OneQueryViewRestrictionsMixin, Page):
    """The list of courses the county boards offer."""

    intro = RichTextField(_("inledning"), features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["coursecontent.HomePage"]
    subpage_types = ["coursecontent.CoursePage"]

    class Meta:
        verbose_name = _("kurslista")
        verbose_name_plural = _("kurslistor")

    def get_context(self, request, *args, **kwargs):
        """Add the live courses in tree order."""
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.live().public().child_of(self).order_by("path")
        return context


class CoursePage(OneQueryViewRestrictionsMixin, Page):
    """A course; its modules are its child pages, in the order of the page tree."""

    intro = RichTextField(_("om kursen"), features=INLINE_FEATURES)
    audience = RichTextField(_("för vem"), features=INLINE_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("audience")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["coursecontent.CourseIndexPage"]
    subpage_types = ["coursecontent.ModulePage"]

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")

    def modules(self):
        """The course's live modules in tree order, with only what a table of contents needs."""
        return ModulePage.objects.live().child_of(self).for_contents()

    def get_context(self, request, *args, **kwargs):
        """Add the modules and their total estimated time."""
        context = super().get_context(request, *args, **kwargs)
        modules = list(self.modules())
        context["modules"] = modules
        context["total_minutes"] = sum(module.estimated_minutes for module in modules)
        return context


class ModulePage(OneQueryViewRestrictionsMixin, Page):
    """One module of a course: objectives, estimated time and a body of content blocks."""

    intro = models.TextField(_("ingress"), max_length=600, blank=True)
    learning_objectives = StreamField(
        LearningObjectivesBlock(), verbose_name=_("lärandemål"), blank=True
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("beräknad tid i minuter"), default=30)
    is_required = models.BooleanField(
        _("obligatorisk"),
        default=True,
        help_text=_("Obligatoriska moduler krävs för att slutföra kursen."),
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("innehåll"))

    objects = PageManager.from_queryset(ModulePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("is_required")],
            heading=_("Omfattning"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["coursecontent.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")

    def _course(self, request):
        """The module's course, with whether the user may read it, loaded once per request."""
        from lms.access import with_read_access

        if not hasattr(request, "_module_course"):
            request._module_course = with_read_access(
                CoursePage.objects.ancestor_of(self).only(
                    "id", "title", "path", "depth", "url_path"
                ),
                request.user,
            ).first()
        return request._module_course

    def serve(self, request, *args, **kwargs):
        """Modules are for staff and enrolled participants; others log in or are told why not."""
        if not getattr(request, "is_preview", False):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            course = self._course(request)
            if course is None or not course.user_may_read:
                return TemplateResponse(
                    request, "lms/not_enrolled.html", {"page": self}, status=403
                )
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Add the course, its contents with each module's state, previous/next, reflections."""
        from lms.selectors import NOT_STARTED, STARTED, module_states, reflections_for
        from lms.services import progress_start

        context = super().get_context(request, *args, **kwargs)
        course = self._course(request)
        modules = list(course.modules()) if course else []
        position = next((i for i, m in enumerate(modules) if m.pk == self.pk), None)
        states = module_states(request.user, [module.pk for module in modules])
        is_participant = request.user.is_authenticated and not request.user.is_staff
        if is_participant and states.get(self.pk) == NOT_STARTED:
            progress_start(user=request.user, module=self)
            states[self.pk] = STARTED
        context.update(
            course=course,
            modules=modules,
            states=states,
            state=states.get(self.pk),
            is_participant=is_participant,
            answers=reflections_for(request.user, self) if is_participant else {},
            position=position + 1 if position is not None else None,
            previous_module=modules[position - 1] if position else None,
            next_module=(
                modules[position + 1]
                if position is not None and position + 1 < len(modules)
                else None
            ),
        )
        return context


# The page type at each level below the home page, as parent_page_types make the tree.
_PAGE_TYPE_BY_LEVEL = {1: CourseIndexPage, 2: CoursePage, 3: ModulePage}
