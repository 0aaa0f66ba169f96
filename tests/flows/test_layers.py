"""The rooms keep their walls: the warehouse holds no claims logic, quick commands load no heavy library."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "spacy", "prefect", "numpy")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_warehouse_reads_and_writes_records_only():
    """No warehouse module imports from claims anything but claims.model (the records it stores)."""
    found = {f"{p.name}: {m}" for p in (ROOT / "warehouse").glob("*.py") for m in _imports(p)
             if (m == "claims" or m.startswith("claims.")) and m != "claims.model"}
    assert not found


def test_no_private_name_is_imported_across_modules():
    """warehouse/, flows/ and config/ import no _private name from another module."""
    found = []
    for room in ("warehouse", "flows", "config"):
        for path in (ROOT / room).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                    found += [f"{path.name}: {a.name}" for a in node.names
                              if a.name.startswith("_") and not (node.module or "").endswith("_vendor")]
    assert not found


@pytest.mark.parametrize("argv", [["--help"], ["sql", "select 1"], ["runs"]])
def test_quick_commands_load_no_heavy_library(argv, tmp_path):
    """`claimtrack --help`, `sql` and `runs` (table output) import neither pandas, numpy, spaCy nor Prefect."""
    db = tmp_path / "w.duckdb"
    code = (
        "import sys, json\n"
        "from warehouse import writing\n"
        f"with writing({str(db)!r}): pass\n"
        "from flows import cli\n"
        f"sys.argv = ['claimtrack', *{argv!r}, *(['--db', {str(db)!r}] if {argv!r} != ['--help'] else [])]\n"
        "try:\n    cli.app()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
