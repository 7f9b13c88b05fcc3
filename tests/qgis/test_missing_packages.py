"""A QGIS without pandas and openpyxl (or without numpy or shapely) still loads the plugin, and what needs the
missing package says in Chinese and English what is missing and how to get it.

Each case runs in a fresh Python whose import system refuses the hidden packages (a sitecustomize hook), loading
the plugin as QGIS does: classFactory, initProcessing, initGui on a small iface, then unload.
"""

import json
import os
import subprocess
import sys

import pytest
from plugin_paths import PLUGIN_ROOT

from lianwei.processing.algorithms import MODULES

HIDE = r"""
import os, sys
HIDDEN = set(os.environ["LIANWEI_HIDDEN_PACKAGES"].split(","))

class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Hide())
"""

SCRIPT = r"""
import json, os, sys
from qgis.core import QgsApplication, QgsProcessingException
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
from processing.core.Processing import Processing
Processing.initialize()
import processing
from qgis.gui import QgsMapCanvas, QgsMessageBar
from qgis.PyQt.QtWidgets import QMainWindow
import lianwei

class Iface:  # what initGui and unload use of QgisInterface
    def __init__(self):
        self.window = QMainWindow()
        self.canvas = QgsMapCanvas(self.window)
        self.bar = QgsMessageBar(self.window)
    def mainWindow(self):
        return self.window
    def mapCanvas(self):
        return self.canvas
    def messageBar(self):
        return self.bar
    def addToolBar(self, title):
        return self.window.addToolBar(title)
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


for name in os.environ["LIANWEI_HIDDEN_PACKAGES"].split(","):
    try:
        __import__(name)
        raise SystemExit(f"{name} is not hidden")
    except ImportError:
        pass
iface = Iface()
plugin = lianwei.classFactory(iface)
plugin.initGui()
algorithms = plugin.provider.algorithms()
report = {
    "menu": [plugin.menu.title()] + [a.text() for a in plugin.menu.actions()],
    "algorithms": sorted(a.id() for a in algorithms),
    "unavailable": sorted(a.id() for a in algorithms if a.groupId() == "unavailable"),
    "help": {a.id(): a.shortHelpString() for a in algorithms},
}
try:
    processing.run("lianwei:exportledger", {"OUTPUT": os.path.join(os.environ["OUT"], "ledger.xlsx")})
    report["refusal"] = None
except QgsProcessingException as error:
    report["refusal"] = str(error)
plugin.unload()
print("REPORT " + json.dumps(report, ensure_ascii=False))
sys.stdout.flush()
os._exit(0)
"""

ALL = len(MODULES)  # every algorithm listed, available or not


def run_without(packages, tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HIDE, encoding="utf-8")
    script = tmp_path / "load.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = dict(os.environ, LIANWEI_HIDDEN_PACKAGES=",".join(packages), OUT=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(hook), PLUGIN_ROOT])
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    env["HOME"] = str(tmp_path)  # a fresh profile: English, nothing of other tests' settings
    completed = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=180)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, f"the plugin did not load (exit {completed.returncode}):\n{completed.stderr[-3000:]}"
    return json.loads(lines[-1][len("REPORT ") :])


def says_what_is_missing(message, package):
    return (
        f"此 QGIS 缺少 Python 包 {package}" in message
        and f"The Python package {package} is missing" in message
        and f"python3-{package}" in message  # OSGeo4W and apt
        and f"pip install {package}" in message
    )


def test_without_pandas_and_openpyxl_everything_loads_and_the_workbook_says_what_is_missing(tmp_path):
    report = run_without(("pandas", "openpyxl"), tmp_path)
    assert len(report["algorithms"]) == ALL and report["unavailable"] == []
    assert report["menu"][:3] == ["Land violations", "New ledger…", "Open ledger…"]
    assert report["refusal"] and says_what_is_missing(report["refusal"], "openpyxl")
    assert not os.path.exists(tmp_path / "ledger.xlsx")


def qgis_itself_needs(package, tmp_path) -> bool:
    """True when this QGIS cannot even import qgis.core without ``package`` (QGIS 3.40 on: qgis.core imports
    shapely, which needs numpy), so no QGIS of that version runs without it."""
    hook = tmp_path / "probe"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HIDE, encoding="utf-8")
    env = dict(os.environ, LIANWEI_HIDDEN_PACKAGES=package, PYTHONPATH=str(hook), QT_QPA_PLATFORM="offscreen")
    probe = subprocess.run([sys.executable, "-c", "import qgis.core"], env=env, capture_output=True, timeout=120)
    return probe.returncode != 0


@pytest.mark.parametrize("package", ["numpy", "shapely"])
def test_without_numpy_or_shapely_the_plugin_loads_and_every_algorithm_says_what_is_missing(tmp_path, package):
    if qgis_itself_needs(package, tmp_path):
        from qgis.core import Qgis

        pytest.skip(f"QGIS {Qgis.version()} itself cannot import qgis.core without {package}")
    report = run_without((package,), tmp_path)
    assert len(report["algorithms"]) == ALL
    assert report["unavailable"] == report["algorithms"]  # numpy and shapely are under nearly every module
    assert all(says_what_is_missing(text, package) for text in report["help"].values())
    assert report["menu"] == ["Land violations", "Missing Python package…"]
    assert report["refusal"] and says_what_is_missing(report["refusal"], package)
