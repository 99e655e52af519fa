"""`pip install` of a wheel works from any folder: the rules travel with the package, whose one name is
`zh_facts` (a user's own `pipeline.py` neither breaks it nor is shadowed by it).

The wheel is built from a copy of the project (nothing written into the clone) and installed without
its dependencies into a fresh virtual environment that borrows this one's (no network needed).
"""

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment

PROJECT = Path(__file__).resolve().parent.parent


def _quiet(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_wheel_installed_elsewhere_runs_the_command_line_and_the_python_api(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(PROJECT / name, source)
    for name in ("pipeline", "rules"):
        shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    _quiet(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(source),
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(tmp_path / "wheels"),
    )
    wheel = next((tmp_path / "wheels").glob("*.whl"))

    venv = tmp_path / "venv"
    _quiet(sys.executable, "-m", "venv", "--without-pip", str(venv))
    python = venv / "bin" / "python"
    purelib = _quiet(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    # The dependencies come from this environment (a path entry: its editable install of the clone is not read).
    Path(purelib, "borrowed_dependencies.pth").write_text(
        "\n".join([sysconfig.get_paths()["purelib"], *site.getsitepackages()]) + "\n", encoding="utf-8"
    )
    _quiet(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel))

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "tw_tsmc.txt").write_text("台積電去年營收2兆元，成長33.9%。", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("ZH_FACTS_RULES", "PYTHONPATH")}
    env["ZH_FACTS_CACHE"] = str(tmp_path / "user-cache")
    _quiet(str(venv / "bin" / "zh-facts"), "extract", "tw_tsmc.txt", "-o", "out", cwd=elsewhere, env=env)
    facts = (elsewhere / "out" / "facts.csv").read_text(encoding="utf-8")
    assert "money.currency_after" in facts and "2000000000000" in facts

    (elsewhere / "pipeline.py").write_text("raise SystemExit('the user pipeline.py was imported')\n", encoding="utf-8")
    api = _quiet(
        str(python),
        "-c",
        "import zh_facts, zh_facts.ruleset.folder as f; from zh_facts import extract_text;"
        "print(zh_facts.__file__); print(f.RULES_DIR);"
        "print(len(extract_text('腾讯营收3亿元', date='2025-07-01')))",
        cwd=elsewhere,
        env=env,
    )
    module_file, rules_dir, facts_found = api.stdout.split("\n")[:3]
    assert module_file.startswith(purelib) and rules_dir == str(Path(purelib) / "zh_facts" / "rules")
    assert int(facts_found) == 2
    assert Path(purelib, "zh_facts", "rules", "models", "names.crfsuite").is_file()  # the names model travels too
    assert not Path(purelib, "pipeline").exists()  # nothing called pipeline is installed
    (elsewhere / "pipeline.py").unlink()
    shadow = subprocess.run(
        [str(python), "-c", "import pipeline"], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    assert shadow.returncode == 1 and "No module named 'pipeline'" in shadow.stderr
    version = _quiet(str(python), "-m", "zh_facts", "--version", cwd=elsewhere, env=env).stdout
    assert version.strip().endswith(
        _quiet(str(python), "-c", "import zh_facts; print(zh_facts.__version__)", cwd=elsewhere, env=env).stdout.strip()
    )

    env["ZH_FACTS_RULES"] = str(tmp_path / "no-rules-here")
    refused = subprocess.run(
        [str(venv / "bin" / "zh-facts"), "extract", "tw_tsmc.txt", "-o", "out"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert refused.returncode == 2 and "no such rules folder (give one with --rules" in refused.stderr
