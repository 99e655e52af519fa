"""Layers import only downward: each subpackage of the source folder `pipeline/` (the package `zh_facts`)
imports only from its own layer and the layers below it, and no module cycle exists within a layer.

Every import counts, also one inside a function (it is a dependency all the same);
only imports under `if TYPE_CHECKING:` are left out, as they never run.
"""

import ast
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "pipeline"
# Bottom to top: the data types and file keeping; text transforms that need no rules; the value and name
# normalisers a rule names; the loaded rule set; the stages that run it over one article, and the link package
# they call; the tables and pages made of the results; the engines that run a corpus; the ways in (command line, Python, spaCy, rule tests).
LAYERS = (
    ("zh_facts.datatypes", "zh_facts.storage", "zh_facts.version"),
    ("zh_facts.text",),
    ("zh_facts.normalizers",),
    ("zh_facts.ruleset",),
    ("zh_facts.stages", "zh_facts.link"),
    ("zh_facts.outputs",),
    ("zh_facts.engine",),
    ("zh_facts.api",),
    ("zh_facts", "zh_facts.__main__"),
)


def _module_name(path: Path) -> str:
    parts = ("zh_facts",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The index in LAYERS of the longest prefix naming `module`'s layer."""
    best = max(
        (
            (len(prefix), i)
            for i, prefixes in enumerate(LAYERS)
            for prefix in prefixes
            if module == prefix or module.startswith(prefix + ".")
        ),
        default=None,
    )
    assert best is not None, f"{module} is in no layer of LAYERS"
    return best[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{m} (layer {layer_of(m)}) imports {t} (layer {layer_of(t)})"
        for m, targets in graph.items()
        for t in targets
        if layer_of(t) > layer_of(m)
    )


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules `path` imports (resolving relative imports), outside TYPE_CHECKING blocks."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()

    def visit(node):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import dates` imports a module
                if f"{target}.{alias.name}" in modules:
                    found.add(f"{target}.{alias.name}")
            if target in modules:
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_checker_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_checker_finds_an_upward_import():
    graph = {"zh_facts.text.convert": {"zh_facts.stages.read"}, "zh_facts.api.cli": {"zh_facts.text.convert"}}
    assert upward_imports(graph) == ["zh_facts.text.convert (layer 1) imports zh_facts.stages.read (layer 4)"]


def test_layers_import_only_downward():
    graph = import_graph()
    assert "zh_facts.ruleset.gazetteer" in graph["zh_facts.ruleset.loading"]  # the graph was read
    assert upward_imports(graph) == []


def test_no_import_cycle_in_the_pipeline():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)
