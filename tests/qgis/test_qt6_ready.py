"""Ready for QGIS 4 (Qt 6): the shipped sources pass the checks of QGIS's scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py.

No Debian suite offers a QGIS built on Qt 6 yet (trixie 3.40, forky and sid 3.44.15 all depend on python3-pyqt5), so
the suite cannot run on one. QGIS's migration script itself is not vendored (it lives only in QGIS's source tree,
beside an enum table generated from a Qt 6 build) and is not on PyPI, so this test applies its rules here, with the
enums looked up in the running PyQt5/QGIS: every `Class.Member` of an enum must name its enum
(`Qt.AlignmentFlag.AlignLeft`, works on PyQt5 too), no PyQt5 imports (qgis.PyQt), no `exec_`, no `QVariant()`, no
removed names (QRegExp, qApp, QDesktopWidget, resources_rc, Qt.MidButton, ...). When a checkout of the script is at
hand, LIANWEI_PYQT5_TO_PYQT6=/path/to/pyqt5_to_pyqt6.py runs it too and it must report nothing.
"""

import ast
import enum
import importlib
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from package import shipped, tracked_files  # noqa: E402

REMOVED_NAMES = {"QRegExp", "qApp", "QDesktopWidget", "resources_rc"}
RENAMED_MEMBERS = {
    ("Qt", "MidButton"),
    ("Qt", "TextColorRole"),
    ("Qt", "BackgroundColorRole"),
    ("QPainter", "HighQualityAntialiasing"),
}
QT_MODULES = ("qgis.PyQt.", "PyQt5.", "qgis.core", "qgis.gui", "qgis.analysis", "qgis._3d")


def python_sources():
    return sorted(p for p in tracked_files() if shipped(p) and p.endswith(".py"))


def is_enum_type(cls):
    return isinstance(cls, type) and (issubclass(cls, enum.Enum) or type(cls).__name__ == "enumtype")


def imported_classes(tree):
    """Names a file imports from Qt or QGIS modules, resolved to the objects."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(QT_MODULES):
            module = importlib.import_module(node.module.replace("PyQt5.", "qgis.PyQt.", 1))
            for alias in node.names:
                obj = getattr(module, alias.name, None)
                if obj is not None:
                    found[alias.asname or alias.name] = obj
    return found


def problems_in(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        tree = ast.parse(f.read(), filename=path)
    classes = imported_classes(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "PyQt5":
                found.append(f"{where} imports {node.module}: use qgis.PyQt")
            found += [f"{where} imports {a.name}, gone in Qt 6" for a in node.names if a.name in REMOVED_NAMES]
        elif isinstance(node, ast.Import):
            found += [f"{where} imports {a.name}: use qgis.PyQt" for a in node.names if a.name.startswith("PyQt5")]
        elif isinstance(node, ast.FunctionDef) and node.name == "exec_":
            found.append(f"{where} defines exec_: name it exec")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "exec_":
                found.append(f"{where} calls exec_(): call exec()")
            if isinstance(func, ast.Name) and func.id == "QVariant" and not node.args:
                found.append(f"{where} QVariant(): use NULL")
        elif isinstance(node, ast.Name) and node.id in REMOVED_NAMES:
            found.append(f"{where} uses {node.id}, gone in Qt 6")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, member = node.value.id, node.attr
            if (owner, member) in RENAMED_MEMBERS:
                found.append(f"{where} {owner}.{member} is removed in Qt 6")
            cls = classes.get(owner)
            value = getattr(cls, member, None) if isinstance(cls, type) else None
            kind = type(value)
            # QVariant.Int etc. stay: QGIS on Qt 6 keeps them (the script changes them only when told to drop QGIS 3).
            if value is not None and owner != "QVariant" and is_enum_type(kind) and not is_enum_type(cls):
                scoped = kind.__name__ if getattr(cls, kind.__name__, None) is kind else None
                spelled = f"{owner}.{scoped}.{member}" if scoped else f"{kind.__qualname__}.<member>"
                found.append(f"{where} {owner}.{member}: write {spelled}")
    return found


def test_sources_need_no_change_for_qt6():
    sources = python_sources()
    assert len(sources) > 20
    found = [problem for path in sources for problem in problems_in(path)]
    assert not found, "\n".join(found)


def test_the_check_sees_what_qt6_breaks(tmp_path, monkeypatch):
    """The rules above find each kind of problem (so an empty report means something)."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from PyQt5.QtCore import QRegExp\n"
        "from qgis.PyQt.QtCore import Qt\n"
        "from qgis.core import QgsWkbTypes\n"
        "a = Qt.AlignLeft | Qt.AlignmentFlag.AlignTop\n"
        "b = QgsWkbTypes.PolygonGeometry\n"
        "c = Qt.MidButton\n"
        "dialog.exec_()\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", str(tmp_path))
    text = "\n".join(problems_in("bad.py"))
    assert "imports PyQt5.QtCore" in text and "QRegExp" in text
    assert "Qt.AlignLeft: write Qt.AlignmentFlag.AlignLeft" in text and "AlignTop" not in text
    assert "QgsWkbTypes.PolygonGeometry: write " in text  # GeometryType moved to Qgis in 3.30
    assert "Qt.MidButton" in text and "exec_()" in text


@pytest.mark.skipif(
    not os.environ.get("LIANWEI_PYQT5_TO_PYQT6"),
    reason="QGIS's pyqt5_to_pyqt6.py is not vendored and not on PyPI; set LIANWEI_PYQT5_TO_PYQT6 to a checkout of it",
)
def test_qgis_migration_script_reports_nothing(tmp_path):
    plugin = tmp_path / "lianwei"
    for path in python_sources():
        (plugin / path).parent.mkdir(parents=True, exist_ok=True)
        (plugin / path).write_bytes(open(os.path.join(ROOT, path), "rb").read())
    script = os.environ["LIANWEI_PYQT5_TO_PYQT6"]
    result = subprocess.run([sys.executable, script, str(plugin)], capture_output=True, text=True, timeout=600)
    assert result.stdout.strip() == "" and "WARNING" not in result.stderr, result.stdout + result.stderr
