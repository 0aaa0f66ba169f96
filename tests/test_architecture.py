"""The import contracts in pyproject.toml (import-linter): rooms and stages import one way, no cycles."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("claims", "warehouse", "flows")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` over the packages under ``root``, with ``root``'s pyproject.toml contracts."""
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)}, timeout=300)


def _copy(tmp_path: Path) -> Path:
    for room in ROOMS:
        shutil.copytree(ROOT / room, tmp_path / room, ignore=shutil.ignore_patterns("__pycache__", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_import_contracts_hold():
    """Every contract is kept on the tree as it is."""
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_a_cycle_hidden_in_a_function_breaks_the_contracts(tmp_path):
    """An import inside a function that closes a cycle between two stages is caught."""
    root = _copy(tmp_path)
    guards = root / "claims" / "linking" / "guards.py"
    guards.write_text(guards.read_text(encoding="utf-8")
                      + "\n\ndef _planted():\n    from claims.contradictions import detect\n    return detect\n")
    done = lint_imports(root)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "claims.linking.guards -> claims.contradictions.detect" in done.stdout


def test_a_cycle_between_two_modules_of_one_stage_is_caught(tmp_path):
    """Two sibling modules that import each other (even lazily) break the acyclic contract."""
    root = _copy(tmp_path)
    tokens = root / "claims" / "quantities" / "tokens.py"
    tokens.write_text(tokens.read_text(encoding="utf-8")
                      + "\n\ndef _planted():\n    from claims.quantities import nouns\n    return nouns\n")
    done = lint_imports(root)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "No import cycles" in done.stdout and "BROKEN" in done.stdout
