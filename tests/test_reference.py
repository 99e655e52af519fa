"""The reference tables of rules/README.md are what tools/gen_rules_reference.py writes from the declarations."""

import subprocess
import sys

from conftest import PROJECT

from zh_facts.normalizers import builtin_normalizers


def test_the_committed_reference_is_what_the_generator_writes():
    checked = subprocess.run(
        [sys.executable, str(PROJECT / "tools" / "gen_rules_reference.py"), "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_every_normaliser_says_what_it_makes_of_a_match():
    assert all(n.summary for n in builtin_normalizers().values()), [
        name for name, n in builtin_normalizers().items() if not n.summary
    ]


def test_the_check_fails_on_a_stale_reference(tmp_path, monkeypatch):
    sys.path.insert(0, str(PROJECT / "tools"))
    try:
        import gen_rules_reference as generator
    finally:
        sys.path.pop(0)
    stale = tmp_path / "README.md"
    stale.write_text(
        generator.README.read_text(encoding="utf-8").replace("| `ratio` |", "| `ratios` |"), encoding="utf-8"
    )
    monkeypatch.setattr(generator, "README", stale)
    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0 and generator.main(["--check"]) == 0  # rewritten, it is current again
