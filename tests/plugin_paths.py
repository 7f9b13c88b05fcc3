"""Make the checkout importable as ``lianwei`` whatever its folder is called, as QGIS would import it."""

import hashlib
import os
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def plugin_root() -> str:
    """A folder holding ``lianwei`` -> the checkout (the checkout's parent if it is already named lianwei)."""
    if os.path.basename(REPO) == "lianwei":
        return os.path.dirname(REPO)
    root = os.path.join(tempfile.gettempdir(), f"lianwei-plugin-root-{hashlib.sha1(REPO.encode()).hexdigest()[:10]}")
    os.makedirs(root, exist_ok=True)
    link = os.path.join(root, "lianwei")
    if os.path.islink(link) and os.readlink(link) != REPO:
        os.remove(link)
    if not os.path.exists(link):
        os.symlink(REPO, link)
    return root


PLUGIN_ROOT = plugin_root()
if PLUGIN_ROOT not in sys.path:
    sys.path.insert(0, PLUGIN_ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# pyproj (the GeographicLib reference of the area tests) looks for PROJ's data under the venv's prefix; Debian
# keeps it in /usr/share/proj.
if os.path.isdir("/usr/share/proj"):
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
