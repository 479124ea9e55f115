"""The apps depend one way, downwards, with no import cycle (see docs/architecture.md).

Reads the imports of our own code, migrations excluded, with `ast`: an import inside a function
counts as much as one at the top of a module.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app and the apps of ours it may import, lowest first (DESIGN.md, "Apps and where things
# live"). `config` is the project around the apps: its URLs and settings name every app.
ALLOWED = {
    "regions": set(),
    "calendars": set(),
    "accounts": {"regions"},
    "coursecontent": set(),
    "scheduling": {"regions", "calendars", "accounts", "coursecontent"},
    "network": {"regions", "calendars", "accounts", "coursecontent", "scheduling"},
    "lms": {"regions", "calendars", "accounts", "coursecontent", "scheduling", "network"},
    "config": {"regions", "calendars", "accounts", "coursecontent", "scheduling", "network", "lms"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The module an ImportFrom names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _our_modules() -> dict[str, Path]:
    modules = {}
    for app in ALLOWED:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def import_graph() -> dict[str, set[str]]:
    """Each of our modules and the modules of ours it imports (`from a import b` may mean a.b)."""
    modules = _our_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        graph[name]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(name, node, path.name == "__init__.py")
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                # The longest prefix that is one of our modules: `a.b.c` may be a name in `a.b`.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _app(module: str) -> str:
    return module.split(".")[0]


def test_every_import_between_apps_goes_downwards():
    forbidden = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if _app(target) != _app(module) and _app(target) not in ALLOWED[_app(module)]
    )
    assert forbidden == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules():
    assert _cycles(import_graph()) == []


def test_the_layering_test_sees_a_forbidden_edge_and_a_cycle():
    graph = {"calendars.a": {"scheduling.b"}, "scheduling.b": {"calendars.a"}}
    assert _cycles(graph) == [["calendars.a", "scheduling.b"]]
    assert "scheduling" not in ALLOWED["calendars"]


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_each_app_is_read(app):
    assert any(_app(module) == app for module in import_graph()) or app == "network"
