"""Build the plugin zip for QGIS's plugin manager and plugins.qgis.org (developer tool; `make package`).

One top folder `lianwei/`, compiled translations, no tests, tools, caches or developer files: only what QGIS loads
at run time (the .qm, not the .ts it is compiled from). tests/unit/test_publishable.py checks the zip against the
rules of plugins.qgis.org (its upload validator and its security scan).
"""

import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = "lianwei"
SHIPPED_DIRS = ("core", "layers", "processing", "ui", "resources", "i18n")
SHIPPED_FILES = (
    "metadata.txt",
    "LICENSE",
    "__init__.py",
    "plugin.py",
    "translation.py",
    "dependencies.py",
    "resources_paths.py",
)
NOT_SHIPPED = (".pyc", ".pyo", ".ts")  # bytecode; translation sources (lrelease makes the .qm QGIS loads)
MAX_BYTES = 20 * 1024 * 1024


def tracked_files():
    try:
        command = ["git", "ls-files", "--cached", "--others", "--exclude-standard"]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return [line for line in out.splitlines() if line]
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            found += [os.path.relpath(os.path.join(folder, f), ROOT) for f in files]
        return found


def shipped(path):
    if path.endswith(NOT_SHIPPED) or "__pycache__" in path:
        return False
    return path in SHIPPED_FILES or path.split("/")[0] in SHIPPED_DIRS


def build(target):
    files = sorted({p for p in tracked_files() if shipped(p)} | {"i18n/lianwei_zh_CN.qm"})
    missing = [p for p in files if not os.path.exists(os.path.join(ROOT, p))]
    if missing:
        raise SystemExit(f"missing (run `make translations`?): {missing}")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(os.path.join(ROOT, path), f"{TOP}/{path}")
    size = os.path.getsize(target)
    if size >= MAX_BYTES:
        raise SystemExit(f"{target} is {size} bytes, over the 20 MB limit of plugins.qgis.org")
    print(f"{target}: {len(files)} files, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "lianwei.zip"))
