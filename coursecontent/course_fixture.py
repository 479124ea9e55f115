"""Build the site's home page and the real course from the JSON files in fixtures/.

Pages that exist already (matched on their slug under their parent) are left exactly as they
are, so running the loader again never duplicates a page nor overwrites an editor's work; a
missing page is created in its place in the course order and published with a revision.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from .blocks import ModuleBodyBlock
from .models import CourseIndexPage, CoursePage, HomePage, ModulePage

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"

# Fields each fixture block may carry; every field listed is required.
BLOCK_FIELDS = {
    "heading": {"text", "level"},
    "fact_box": {"title", "text"},
    "case_example": {"title", "setting", "text", "note"},
    "reflection_question": {"question", "guidance"},
    "checklist": {"title", "items"},
    "document": {"file", "title", "description"},
}
MODULE_FIELDS = {
    "slug",
    "title",
    "intro",
    "estimated_minutes",
    "required",
    "learning_objectives",
    "body",
}


class CourseFixtureError(Exception):
    """A fixture file is malformed; the message names the file and the place in it."""


@dataclass
class CourseLoadResult:
    """Titles of the pages created and of those left as they were."""

    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    course_index: CourseIndexPage | None = None
    course: CoursePage | None = None


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CourseFixtureError(f"{path}: filen saknas") from error
    except json.JSONDecodeError as error:
        raise CourseFixtureError(
            f"{path}: ogiltig JSON på rad {error.lineno}, kolumn {error.colno}: {error.msg}"
        ) from error


def _require_keys(data: dict, expected: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise CourseFixtureError(f"{where}: ska vara ett objekt")
    missing, unknown = expected - data.keys(), data.keys() - expected
    if missing:
        raise CourseFixtureError(f"{where}: saknar {', '.join(sorted(missing))}")
    if unknown:
        raise CourseFixtureError(f"{where}: okända fält {', '.join(sorted(unknown))}")


def _validation_message(error: ValidationError) -> str:
    """Name the fields of a block that failed validation, with Wagtail's own messages."""
    block_errors = getattr(error, "block_errors", None)
    if isinstance(block_errors, dict) and block_errors:
        return "; ".join(
            f"{name}: {' '.join(getattr(child, 'messages', [str(child)]))}"
            for name, child in block_errors.items()
        )
    return " ".join(error.messages)


def _check_block(kind: str, value, where: str) -> None:
    """Validate one block's value as the page editor would, except for document choosers."""
    if kind == "document":
        return  # the document is stored when the page is created, then chosen by id
    block = ModuleBodyBlock().child_blocks[kind]
    try:
        block.clean(block.to_python(value))
    except ValidationError as error:
        raise CourseFixtureError(
            f"{where}: ogiltigt värde ({_validation_message(error)})"
        ) from error


def read_module(path: Path) -> dict:
    """Read and check one module file; return its data with the body as raw stream data."""
    data = _read_json(path)
    _require_keys(data, MODULE_FIELDS, str(path))
    raw_body = []
    for number, block in enumerate(data["body"], start=1):
        where = f"{path}, block {number}"
        if not isinstance(block, dict) or set(block) != {"type", "value"}:
            raise CourseFixtureError(f"{where}: ett block har exakt fälten type och value")
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            if not isinstance(value, str):
                raise CourseFixtureError(f"{where}: ett textblock ska ha HTML som värde")
        elif kind in BLOCK_FIELDS:
            _require_keys(value, BLOCK_FIELDS[kind], where)
        else:
            raise CourseFixtureError(f"{where}: okänd blocktyp {kind!r}")
        _check_block(kind, value, where)
        raw_body.append({"type": kind, "value": value})
    return {**data, "body": raw_body}


def _document_for(file_name: str, title: str) -> int:
    """Return the id of the Wagtail document holding this fixture file, adding it if missing."""
    path = FIXTURES_DIR / "course" / "documents" / file_name
    if not path.is_file():
        raise CourseFixtureError(f"{path}: dokumentet saknas")
    content = path.read_bytes()
    document_model = get_document_model()
    existing = document_model.objects.filter(file_hash=hashlib.sha1(content).hexdigest()).first()
    if existing:
        return existing.pk
    document = document_model(title=title)
    with path.open("rb") as handle:
        document.file.save(file_name, File(handle), save=False)
    document._set_document_file_metadata()
    document.save()
    return document.pk


def _stream_data(raw_body: list[dict]) -> list[dict]:
    """Turn fixture blocks into the module body's stream data, storing documents as needed."""
    stream = []
    for block in raw_body:
        if block["type"] == "document":
            value = block["value"]
            block = {
                "type": "document",
                "value": {
                    "document": _document_for(value["file"], value["title"]),
                    "title": value["title"],
                    "description": value["description"],
                },
            }
        stream.append(block)
    return stream


def _publish_new(parent: Page, page: Page, before: Page | None) -> Page:
    """Add the page under parent (to the left of `before`, if given) and publish it."""
    if before is not None:
        before.add_sibling(pos="left", instance=page)
    else:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _existing_child(parent: Page, page_model, slug: str):
    return page_model.objects.child_of(parent).filter(slug=slug).first()


def ensure_home_page(result: CourseLoadResult) -> HomePage:
    """Return the home page, creating it and pointing the default site at it if needed."""
    home = HomePage.objects.first()
    if home:
        result.unchanged.append(home.title)
        return home
    data = _read_json(FIXTURES_DIR / "site.json")["home"]
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a plain placeholder page as the site root; it makes way.
    for placeholder in root.get_children().filter(
        content_type__app_label="wagtailcore", content_type__model="page", numchild=0
    ):
        placeholder.delete()
    home = _publish_new(
        root, HomePage(title=data["title"], slug="start", intro=data["intro"]), None
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = data["title"]
    site.save()
    result.created.append(home.title)
    return home


def _ensure_page(parent, page_model, slug, build, result, before=None):
    page = _existing_child(parent, page_model, slug)
    if page:
        result.unchanged.append(page.title)
        return page
    page = _publish_new(parent, build(), before)
    result.created.append(page.title)
    return page


def load_course(directory: Path | None = None) -> CourseLoadResult:
    """Create the missing home page, course index, course and modules, in one transaction."""
    course_dir = directory or FIXTURES_DIR / "course"
    data = _read_json(course_dir / "course.json")
    modules = [read_module(course_dir / "modules" / name) for name in data["course"]["modules"]]
    result = CourseLoadResult()
    with transaction.atomic():
        home = ensure_home_page(result)
        index_data, course_data = data["index"], data["course"]
        index = _ensure_page(
            home,
            CourseIndexPage,
            index_data["slug"],
            lambda: CourseIndexPage(
                title=index_data["title"], slug=index_data["slug"], intro=index_data["intro"]
            ),
            result,
        )
        result.course_index = index
        course = _ensure_page(
            index,
            CoursePage,
            course_data["slug"],
            lambda: CoursePage(
                title=course_data["title"],
                slug=course_data["slug"],
                intro=course_data["intro"],
                audience=course_data["audience"],
            ),
            result,
        )
        result.course = course
        existing = {page.slug: page for page in ModulePage.objects.child_of(course)}
        for position, module in enumerate(modules):
            later = [existing[m["slug"]] for m in modules[position + 1 :] if m["slug"] in existing]
            created = _ensure_page(
                course,
                ModulePage,
                module["slug"],
                lambda module=module: _module_page(module),
                result,
                before=later[0] if later else None,
            )
            existing[module["slug"]] = created
    return result


def _module_page(module: dict) -> ModulePage:
    return ModulePage(
        title=module["title"],
        slug=module["slug"],
        intro=module["intro"],
        estimated_minutes=module["estimated_minutes"],
        is_required=module["required"],
        learning_objectives=[
            {"type": "objective", "value": text} for text in module["learning_objectives"]
        ],
        body=_stream_data(module["body"]),
    )
