"""The docs: the MkDocs site builds with --strict (a broken link or API reference fails it), every public function
the API reference shows says what it returns, the README stays short, and the changelog knows the version."""

import ast
import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zh_facts

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE = PROJECT / "docs" / "reference.md"


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    # Material for MkDocs prints a notice about MkDocs 2.0 on every build; it is about the tool, not these pages.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_the_site_builds_with_no_warning(tmp_path):
    result = build(PROJECT, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    for name in ("zh_facts.extract_text", "zh_facts.engine.run.RunOptions", "zh_facts.ruleset.loading.load_rules"):
        assert name in reference
    rule_format = (tmp_path / "site" / "rule-format" / "index.html").read_text(encoding="utf-8")
    assert "A rule file" in rule_format  # rules/README.md itself
    adding = (tmp_path / "site" / "adding-rules" / "index.html").read_text(encoding="utf-8")
    assert "花了五十大洋" in adding  # the README's walkthrough


@pytest.mark.slow
@pytest.mark.parametrize(
    "broken, named",
    [
        ("See [the tables](no-such-page.md).", "no-such-page.md"),
        ("See [the tables](tables.md#no-such-heading).", "no-such-heading"),
        ("See [run][zh_facts.engine.run.no_such_function].", "zh_facts.engine.run.no_such_function"),
    ],
)
def test_a_broken_link_or_reference_fails_the_build(tmp_path, broken, named):
    copy = tmp_path / "project"
    shutil.copytree(PROJECT / "docs", copy / "docs")
    (copy / "rules").mkdir()
    for name in ("mkdocs.yml", "README.md", "rules/README.md"):  # the snippets' sources
        shutil.copy(PROJECT / name, copy / name)
    with open(copy / "docs" / "index.md", "a", encoding="utf-8") as index:
        index.write(f"\n{broken}\n")
    result = build(copy, tmp_path / "site")
    assert result.returncode != 0
    assert named in result.stdout + result.stderr


def documented_modules() -> set[Path]:
    """The source files of what docs/reference.md documents (`::: name`, a module or an object in one)."""
    files = set()
    for name in re.findall(r"^::: (\S+)", REFERENCE.read_text(encoding="utf-8"), flags=re.M):
        module, _, attribute = name.rpartition(".")
        try:
            target = importlib.import_module(name)
        except ModuleNotFoundError:
            target = getattr(importlib.import_module(module), attribute)
        files.add(Path(inspect.getfile(inspect.getmodule(target))))
    return files


def functions_without_a_return_type(path: Path) -> list[str]:
    """Public functions and public classes' public methods of a module that do not annotate what they return."""
    missing = []

    def check(nodes, prefix=""):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not node.name.startswith("_") and node.returns is None:
                    missing.append(f"{path.name}:{node.lineno} {prefix}{node.name}")
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                check(node.body, f"{node.name}.")

    check(ast.parse(path.read_text(encoding="utf-8")).body)
    return missing


def test_the_checker_finds_a_function_without_a_return_type(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "def a() -> int: ...\ndef b(): ...\ndef _c(): ...\nclass D:\n    def e(self): ...\n    def __init__(self): ...\n"
    )
    assert functions_without_a_return_type(module) == ["module.py:2 b", "module.py:5 D.e"]


def test_every_public_function_of_the_api_reference_says_what_it_returns():
    modules = documented_modules()
    assert PROJECT / "pipeline" / "engine" / "run.py" in modules and PROJECT / "pipeline" / "datatypes.py" in modules
    missing = [where for path in sorted(modules) for where in functions_without_a_return_type(path)]
    assert missing == []


def test_the_readme_is_short():
    lines = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines: the rest belongs in docs/"


def test_the_changelog_has_a_section_for_this_version():
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(zh_facts.__version__)}\]", changelog, flags=re.M), zh_facts.__version__
