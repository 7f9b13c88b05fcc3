"""core/ holds the rules as plain Python: it never imports qgis or PyQt."""

import ast
import os
import subprocess
import sys

from plugin_paths import PLUGIN_ROOT, REPO

FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "sip", "osgeo")


def core_modules():
    folder = os.path.join(REPO, "core")
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py"))


def test_core_source_imports_no_qgis_or_qt():
    offenders = []
    for path in core_modules():
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{os.path.basename(path)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_all_of_core_loads_no_qgis_or_qt():
    modules = [os.path.splitext(os.path.basename(p))[0] for p in core_modules() if not p.endswith("__init__.py")]
    code = (
        "import sys\n"
        + "".join(f"import lianwei.core.{m}\n" for m in modules)
        + f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PLUGIN_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) >= 5
