"""Page types: home page, course index, course and module, and the tree they may form."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from .blocks import INLINE_FEATURES, LearningObjectivesBlock, ModuleBodyBlock
from .extensions import extra_context, read_course
from .fields import StreamField
from .querysets import ModulePageQuerySet
from .tree_cache import cached, course_contents, page_at
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
        """Find the page for a whole path with one lookup on url_path, kept in the shared cache.

        Wagtail's default walks the tree with a query per level; Wagtail also only checks that
        the last page is live, so finding it directly by its full url_path behaves the same.
        The tree's page types are fixed by level (course list, course, module), so the page
        is looked up as its own type in one query; any other page falls back to the generic
        lookup.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = page_at(request, url_path, lambda: self._find_page(url_path, len(path_components)))
        if page is None:
            raise Http404
        return page.route(request, [])

    @staticmethod
    def _find_page(url_path, levels):
        """The page at url_path as its own type, or None."""
        page = None
        if model := _PAGE_TYPE_BY_LEVEL.get(levels):
            page = model.objects.filter(url_path=url_path).first()
        if page is None:
            page = Page.objects.filter(url_path=url_path).specific().first()
        return page

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

    def contents(self, request=None) -> list:
        """The course's live modules as `modules()` lists them, from the shared cache."""
        return course_contents(self.pk, self.modules, request)

    @classmethod
    def contents_by_id(cls, course_id: int, request=None) -> list:
        """The contents of the course with this id; the course is only loaded on a miss."""
        return course_contents(course_id, lambda: cls.objects.get(pk=course_id).modules(), request)

    def get_context(self, request, *args, **kwargs):
        """Add the modules, their total estimated time, and what registered apps provide."""
        context = super().get_context(request, *args, **kwargs)
        modules = self.contents(request)
        context["modules"] = modules
        context["total_minutes"] = sum(module.estimated_minutes for module in modules)
        context.update(extra_context(self, request, context))
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

    def get_course(self, request):
        """The module's course from the shared cache, with what registered apps read for it.

        Kept once per request, so the access check and the page's context share it.
        """
        if not hasattr(request, "_module_course"):
            course = cached(request, f"course-of:{self.path}", self._load_course)
            request._module_course = course and read_course(course, request, self)
        return request._module_course

    def _load_course(self):
        """The course above this module, with only what the page shows of it."""
        return (
            CoursePage.objects.ancestor_of(self)
            .only("id", "title", "path", "depth", "url_path")
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        """Add the course, its contents, previous/next, and what registered apps provide."""
        context = super().get_context(request, *args, **kwargs)
        course = self.get_course(request)
        modules = course.contents(request) if course else []
        position = next((i for i, m in enumerate(modules) if m.pk == self.pk), None)
        context.update(
            course=course,
            modules=modules,
            position=position + 1 if position is not None else None,
            previous_module=modules[position - 1] if position else None,
            next_module=(
                modules[position + 1]
                if position is not None and position + 1 < len(modules)
                else None
            ),
        )
        context.update(extra_context(self, request, context))
        return context


# The page type at each level below the home page, as parent_page_types make the tree.
_PAGE_TYPE_BY_LEVEL = {1: CourseIndexPage, 2: CoursePage, 3: ModulePage}
