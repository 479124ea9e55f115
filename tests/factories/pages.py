"""Factories for the course page tree; each page is added under its parent and published."""

import factory
from wagtail.models import Page

from coursecontent.models import CourseIndexPage, CoursePage, HomePage, ModulePage


class PageFactory(factory.Factory):
    """Creates a Wagtail page as a child of `parent` (the tree root if none) and publishes it."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Sida {n}")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        (parent or Page.get_first_root_node()).add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()  # publishing works on a copy; load what it saved
        return page


class HomePageFactory(PageFactory):
    """A home page directly under the tree root."""

    class Meta:
        model = HomePage

    slug = factory.Sequence(lambda n: f"start-{n}")


class CourseIndexPageFactory(PageFactory):
    """A course index; give it a home page as parent."""

    class Meta:
        model = CourseIndexPage

    slug = factory.Sequence(lambda n: f"kurser-{n}")


class CoursePageFactory(PageFactory):
    """A course; give it a course index as parent."""

    class Meta:
        model = CoursePage

    slug = factory.Sequence(lambda n: f"kurs-{n}")
    intro = "<p>Om kursen.</p>"


class ModulePageFactory(PageFactory):
    """A module with one heading and one paragraph; give it a course as parent."""

    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Modul {n}")
    slug = factory.Sequence(lambda n: f"modul-{n}")
    estimated_minutes = 30
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Ett avsnitt", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Text i modulen.</p>"},
        ]
    )
