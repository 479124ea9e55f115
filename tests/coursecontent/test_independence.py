"""coursecontent holds pages and blocks only: it imports neither lms nor scheduling."""

import ast
import re
from pathlib import Path

import coursecontent

HIGHER_APPS = {"lms", "scheduling"}
PACKAGE = Path(coursecontent.__file__).parent
# A URL name ('lms:my_course') or a template ("lms/...") of a higher app, quoted in a template.
HIGHER_APP_NAME = re.compile(r"""["'](lms|scheduling)[:/]""")


def imported_modules(source: str) -> set[str]:
    """Every absolute module an import statement names, wherever it stands in the file."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


def test_imported_modules_finds_imports_inside_functions():
    source = "def f():\n    from lms.selectors import module_states\n    import scheduling.models\n"
    assert imported_modules(source) == {"lms.selectors", "scheduling.models"}


def test_coursecontent_imports_no_higher_app():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in sorted(imported_modules(path.read_text(encoding="utf-8")))
        if name.split(".")[0] in HIGHER_APPS
    ]
    assert offenders == []


def test_coursecontent_templates_name_no_higher_app():
    """Higher apps' URLs and templates come in through context providers, not by name."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted((PACKAGE / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HIGHER_APP_NAME.search(line)
    ]
    assert offenders == []
