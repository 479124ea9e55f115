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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
MODULE_TYPES = {
    "slug": str,
    "title": str,
    "intro": str,
    "estimated_minutes": int,
    "required": bool,
    "learning_objectives": list,
    "body": list,
}
# The module page's fields whose model rules (length, slug characters, range) a module must meet.
MODULE_PAGE_FIELDS = {name: name for name in ("title", "slug", "intro", "estimated_minutes")}
COURSE_FIELDS = {"slug", "title", "intro", "audience", "modules"}
KIND_NAMES = {
    str: gettext_lazy("en text"),
    int: gettext_lazy("ett heltal"),
    bool: gettext_lazy("true eller false"),
    list: gettext_lazy("en lista"),
}


class CourseFixtureError(Exception):
    """Raised with every problem found in the fixture files; nothing has been written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _FileError(Exception):
    """The first problem in one file, which makes the rest of that file unreadable."""


@dataclass
class CourseLoadResult:
    """Titles of the pages created and of those left as they were."""

    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    course_index: CourseIndexPage | None = None
    course: CoursePage | None = None


@dataclass(frozen=True)
class CourseFixture:
    """The checked contents of the fixture files, ready to be written."""

    home: dict
    index: dict
    course: dict
    modules: list[dict]
    documents_dir: Path


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise _FileError(_("%(file)s: filen saknas") % {"file": path}) from error
    except UnicodeDecodeError as error:
        raise _FileError(
            _("%(file)s: filen är inte sparad som UTF-8 (byte %(position)d)")
            % {"file": path, "position": error.start}
        ) from error
    except json.JSONDecodeError as error:
        raise _FileError(
            _("%(file)s: ogiltig JSON på rad %(line)d, kolumn %(column)d: %(error)s")
            % {"file": path, "line": error.lineno, "column": error.colno, "error": error.msg}
        ) from error


def _require_keys(data, expected: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise _FileError(_("%(where)s: ska vara ett objekt") % {"where": where})
    missing, unknown = expected - data.keys(), data.keys() - expected
    if missing:
        raise _FileError(
            _("%(where)s: saknar %(fields)s")
            % {"where": where, "fields": ", ".join(sorted(missing))}
        )
    if unknown:
        raise _FileError(
            _("%(where)s: okända fält %(fields)s")
            % {"where": where, "fields": ", ".join(sorted(unknown))}
        )


def _check_type(data: dict, name: str, kind: type, where: str) -> None:
    """Require a JSON value of the given kind (a bool is not an int here)."""
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _FileError(
            _("%(where)s, fält %(field)s: %(value)s ska vara %(kind)s")
            % {
                "where": where,
                "field": name,
                "value": json.dumps(value, ensure_ascii=False)[:40],
                "kind": KIND_NAMES[kind],
            }
        )


def _check_page_fields(page_model, values: dict, where: str, names: dict[str, str]) -> None:
    """Validate fixture values as the page's model fields would; `names` maps field to key."""
    page = page_model(**{field: values[key] for field, key in names.items()})
    try:
        page.clean_fields(exclude=[f.name for f in page_model._meta.fields if f.name not in names])
    except ValidationError as error:
        raise _FileError(
            "; ".join(
                _("%(where)s, fält %(field)s: %(messages)s")
                % {"where": where, "field": names[name], "messages": " ".join(messages)}
                for name, messages in error.message_dict.items()
            )
        ) from error


def _validation_message(error: ValidationError) -> str:
    """Name the fields of a block that failed validation, with Wagtail's own messages."""
    block_errors = getattr(error, "block_errors", None)
    if isinstance(block_errors, dict) and block_errors:
        return "; ".join(
            f"{name}: {' '.join(getattr(child, 'messages', [str(child)]))}"
            for name, child in block_errors.items()
        )
    return " ".join(error.messages)


def _check_block(kind: str, value, where: str, documents_dir: Path) -> None:
    """Validate one block's value as the page editor would; a document's file must exist."""
    if kind == "document":
        # The document is stored when the page is created, then chosen by id.
        if not (documents_dir / str(value["file"])).is_file():
            raise _FileError(
                _("%(where)s, fält file: dokumentet %(file)s saknas i %(folder)s")
                % {"where": where, "file": value["file"], "folder": documents_dir}
            )
        return
    block = ModuleBodyBlock().child_blocks[kind]
    try:
        block.clean(block.to_python(value))
    except ValidationError as error:
        raise _FileError(
            _("%(where)s: ogiltigt värde (%(errors)s)")
            % {"where": where, "errors": _validation_message(error)}
        ) from error


def read_module(path: Path, documents_dir: Path) -> dict:
    """Read and check one module file; return its data with the body as raw stream data."""
    data = _read_json(path)
    where = str(path)
    _require_keys(data, MODULE_FIELDS, where)
    for name, kind in MODULE_TYPES.items():
        _check_type(data, name, kind, where)
    if data["estimated_minutes"] < 1:
        raise _FileError(
            _("%(where)s, fält estimated_minutes: %(value)d ska vara minst 1")
            % {"where": where, "value": data["estimated_minutes"]}
        )
    _check_page_fields(ModulePage, data, where, MODULE_PAGE_FIELDS)
    for number, objective in enumerate(data["learning_objectives"], start=1):
        if not isinstance(objective, str) or not objective.strip():
            raise _FileError(
                _("%(where)s, fält learning_objectives, mål %(number)d: ska vara en text")
                % {"where": where, "number": number}
            )
    raw_body = []
    for number, block in enumerate(data["body"], start=1):
        where = _("%(file)s, block %(number)d") % {"file": path, "number": number}
        if not isinstance(block, dict) or set(block) != {"type", "value"}:
            raise _FileError(
                _("%(where)s: ett block har exakt fälten type och value") % {"where": where}
            )
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            if not isinstance(value, str):
                raise _FileError(
                    _("%(where)s: ett textblock ska ha HTML som värde") % {"where": where}
                )
        elif kind in BLOCK_FIELDS:
            _require_keys(value, BLOCK_FIELDS[kind], where)
        else:
            raise _FileError(
                _("%(where)s: okänd blocktyp %(kind)r") % {"where": where, "kind": kind}
            )
        _check_block(kind, value, where, documents_dir)
        raw_body.append({"type": kind, "value": value})
    return {**data, "body": raw_body}


def _read_page(data, key: str, page_model, fields: set[str], where: str) -> dict:
    """Check one page of course.json or site.json: its keys, their types and the model's rules."""
    where = f"{where}, {key}"
    values = data.get(key) if isinstance(data, dict) else None
    _require_keys(values, fields, where)
    for name in fields - {"modules"}:
        _check_type(values, name, str, where)
    _check_page_fields(page_model, values, where, {name: name for name in fields - {"modules"}})
    return values


def read_course(fixtures: Path | None = None) -> CourseFixture:
    """Read and check site.json, course/course.json and every module; write nothing.

    Raises CourseFixtureError with one problem per bad file, each naming the file, the block
    and the field.
    """
    fixtures = fixtures or FIXTURES_DIR
    course_dir = fixtures / "course"
    site_path, course_path = fixtures / "site.json", course_dir / "course.json"
    problems, files, pages = [], {}, {}
    for path in (site_path, course_path):
        try:
            files[path] = _read_json(path)
        except _FileError as error:
            problems.append(str(error))
    for path, key, page_model, fields in [
        (site_path, "home", HomePage, {"title", "intro"}),
        (course_path, "index", CourseIndexPage, {"slug", "title", "intro"}),
        (course_path, "course", CoursePage, COURSE_FIELDS),
    ]:
        if path not in files:
            continue
        try:
            pages[key] = _read_page(files[path], key, page_model, fields, str(path))
        except _FileError as error:
            problems.append(str(error))
    modules, slugs = [], {}
    names = pages.get("course", {}).get("modules", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        problems.append(
            _("%(file)s, course, fält modules: ska vara en lista med filnamn")
            % {"file": course_path}
        )
        names = []
    for name in names:
        path = course_dir / "modules" / name
        try:
            module = read_module(path, course_dir / "documents")
        except _FileError as error:
            problems.append(str(error))
            continue
        if module["slug"] in slugs:
            problems.append(
                _("%(file)s, fält slug: %(slug)s används redan i %(other)s")
                % {"file": path, "slug": module["slug"], "other": slugs[module["slug"]]}
            )
        slugs[module["slug"]] = path.name
        modules.append(module)
    if problems:
        raise CourseFixtureError(problems)
    return CourseFixture(
        home=pages["home"],
        index=pages["index"],
        course=pages["course"],
        modules=modules,
        documents_dir=course_dir / "documents",
    )


def _document_for(path: Path, title: str) -> int:
    """Return the id of the Wagtail document holding this fixture file, adding it if missing."""
    content = path.read_bytes()
    document_model = get_document_model()
    existing = document_model.objects.filter(file_hash=hashlib.sha1(content).hexdigest()).first()
    if existing:
        return existing.pk
    document = document_model(title=title)
    with path.open("rb") as handle:
        document.file.save(path.name, File(handle), save=False)
    document._set_document_file_metadata()
    document.save()
    return document.pk


def _stream_data(raw_body: list[dict], documents_dir: Path) -> list[dict]:
    """Turn fixture blocks into the module body's stream data, storing documents as needed."""
    stream = []
    for block in raw_body:
        if block["type"] == "document":
            value = block["value"]
            block = {
                "type": "document",
                "value": {
                    "document": _document_for(documents_dir / value["file"], value["title"]),
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


def ensure_home_page(result: CourseLoadResult, data: dict) -> HomePage:
    """Return the home page, creating it from `data` and pointing the default site at it."""
    home = HomePage.objects.first()
    if home:
        result.unchanged.append(home.title)
        return home
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


def write_course(fixture: CourseFixture) -> CourseLoadResult:
    """Create the missing home page, course index, course and modules, in one transaction."""
    result = CourseLoadResult()
    modules = fixture.modules
    with transaction.atomic():
        home = ensure_home_page(result, fixture.home)
        index_data, course_data = fixture.index, fixture.course
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
                lambda module=module: _module_page(module, fixture.documents_dir),
                result,
                before=later[0] if later else None,
            )
            existing[module["slug"]] = created
    return result


def load_course(fixtures: Path | None = None) -> CourseLoadResult:
    """Read and check every fixture file of `fixtures` (fixtures/), then write the course."""
    return write_course(read_course(fixtures))


def _module_page(module: dict, documents_dir: Path) -> ModulePage:
    return ModulePage(
        title=module["title"],
        slug=module["slug"],
        intro=module["intro"],
        estimated_minutes=module["estimated_minutes"],
        is_required=module["required"],
        learning_objectives=[
            {"type": "objective", "value": text} for text in module["learning_objectives"]
        ],
        body=_stream_data(module["body"], documents_dir),
    )
