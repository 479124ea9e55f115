"""The real course in fixtures/: every module renders with all its blocks, in Swedish."""

import html
import re

import pytest

from coursecontent.models import CoursePage, ModulePage


def visible_texts(module):
    """The plain texts of a module's blocks that a participant must see on the page."""
    for block in module.body:
        value = block.value
        match block.block_type:
            case "heading":
                yield value["text"]
            case "fact_box" | "checklist":
                yield value["title"]
                yield from value.get("items", [])
            case "case_example":
                yield from (value["title"], value["setting"])
            case "reflection_question":
                yield value["question"]
            case "document":
                yield value["title"]


@pytest.mark.django_db
def test_course_has_six_to_eight_modules_each_with_objectives_reflection_and_checklist(real_course):
    course = CoursePage.objects.get()
    assert course.title == "Förändringsledning för miljö- och hållbarhetsstrateger"
    modules = list(course.modules())
    assert 6 <= len(modules) <= 8
    for module in ModulePage.objects.live().order_by("path"):
        kinds = [block.block_type for block in module.body]
        assert len(module.learning_objectives) >= 3, module.title
        assert "reflection_question" in kinds, module.title
        assert "checklist" in kinds, module.title
        assert module.estimated_minutes > 0


@pytest.mark.django_db
def test_every_module_renders_all_its_blocks(staff_client, real_course):
    for module in ModulePage.objects.live().order_by("path"):
        response = staff_client.get(module.url)
        assert response.status_code == 200, module.url
        page = html.unescape(response.content.decode())
        assert f"<h1>{module.title}</h1>" in page
        for objective in module.learning_objectives:
            assert objective.value in page
        for text in visible_texts(module):
            assert text in page, (module.title, text)
        for block in module.body:
            if block.block_type == "document":
                assert block.value["document"].url in page
                assert staff_client.get(block.value["document"].url).status_code == 200


@pytest.mark.django_db
def test_headings_never_skip_a_level(staff_client, real_course):
    for module in ModulePage.objects.live():
        levels = [
            int(n)
            for n in re.findall(r"<h([1-6])[ >]", staff_client.get(module.url).content.decode())
        ]
        assert levels.count(1) == 1, module.title
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (module.title, levels)
