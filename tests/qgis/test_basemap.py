"""The Tianditu basemap: XYZ layers built in memory, the token only in QGIS's authentication database.

Storing a token needs a master password, and the auth database of pytest-qgis's profile (.qgis-settings) is shared
by every run in this checkout: a master password set there would stay. The round trip through the auth manager
therefore runs in child QGIS processes on a profile of their own under tmp_path. Nothing renders: no network.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from plugin_paths import PLUGIN_ROOT
from qgis.core import QgsExpressionContextUtils, QgsProject

from lianwei.layers import basemap
from lianwei.layers.convert import DataError

TOKEN = "TEST-TOKEN-123"
NEWER = "TEST-TOKEN-456"
MASTER = "lianwei-test-master"

CHILD = textwrap.dedent(
    """
    import json, sys
    from qgis.core import QgsApplication, QgsExpressionContextUtils, QgsProject, QgsSettings

    app = QgsApplication([], True)
    app.initQgis()
    from lianwei.layers import basemap
    from lianwei.layers.convert import DataError

    step, master, project_path = sys.argv[1:4]
    manager = QgsApplication.authManager()
    out = {"auth_db": manager.authenticationDatabasePath()}
    if step == "store":
        out["master_set"] = manager.setMasterPassword(master, True)
        from lianwei.ui.tianditu_token_dialog import TiandituTokenDialog

        dialog = TiandituTokenDialog()
        dialog.token.setText(%(token)r)
        dialog.save()
        out["authcfg"] = authcfg = basemap.saved_authcfg()
        out["dialog_authcfg"] = dialog.authcfg
        out["field_cleared"] = dialog.token.text() == ""
        out["first"] = basemap.token_from(authcfg)
        out["updated_id"] = basemap.store_token(%(newer)r)
        out["second"] = basemap.token_from(authcfg)
        out["configs"] = len(manager.configIds())
        layers = basemap.basemap_layers("tianditu_img", authcfg)
        out["layers"] = [
            {"valid": l.isValid(), "provider": l.providerType(), "name": l.name(),
             "has_token": basemap.token_in(l.source(), %(newer)r), "redacted": basemap.redacted_source(l),
             "crs": l.crs().authid()}
            for l in layers
        ]
        out["vec"] = [l.source() for l in basemap.basemap_layers("tianditu_vec", authcfg)]
        project = QgsProject()
        QgsExpressionContextUtils.setProjectVariable(project, "lianwei_tianditu_authcfg", authcfg)
        out["project_written"] = project.write(project_path)
        QgsSettings().sync()
    else:
        # A new session that never got the master password, as a headless run without QGIS_AUTH_PASSWORD_FILE.
        authcfg = basemap.saved_authcfg()
        out["authcfg"] = authcfg
        out["token"] = basemap.token_from(authcfg)
        try:
            basemap.basemap_layers("tianditu_vec", authcfg)
            out["error"] = None
        except DataError as error:
            out["error"] = str(error)
    out["settings_file"] = QgsSettings().fileName()
    print("RESULT" + json.dumps(out, ensure_ascii=False))
    app.exitQgis()
    """
    % {"token": TOKEN, "newer": NEWER}
)


def token_forms(token):
    from urllib.parse import quote

    return {token, quote(token, safe=""), quote(quote(token, safe=""), safe="")}


@pytest.fixture(scope="module")
def child(tmp_path_factory):
    """Runs CHILD in a fresh profile; returns a function step -> parsed result, and the profile's folder."""
    root = tmp_path_factory.mktemp("tianditu-profile")
    script = root / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(
        os.environ,
        QGIS_CUSTOM_CONFIG_PATH=str(root / "profile"),
        PYTHONPATH=os.pathsep.join(p for p in (PLUGIN_ROOT, os.environ.get("PYTHONPATH")) if p),
        QT_QPA_PLATFORM="offscreen",
        XDG_RUNTIME_DIR=str(root),
    )
    for name in ("QGIS_AUTH_PASSWORD_FILE", "QGIS_OPTIONS_PATH"):
        env.pop(name, None)

    def run(step):
        # A timeout, not a hang, if QGIS ever asked for the master password on the console.
        done = subprocess.run(
            [sys.executable, str(script), step, MASTER, str(root / "project.qgs")],
            env=env,
            cwd=str(root),
            capture_output=True,
            text=True,
            timeout=180,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
        assert done.returncode == 0 and lines, done.stdout + done.stderr
        return json.loads(lines[-1][len("RESULT") :])

    stored = run("store")
    locked = run("locked")
    return stored, locked, root


def test_the_auth_database_is_the_childs_own(child):
    stored, locked, root = child
    assert stored["master_set"] is True
    assert stored["auth_db"].startswith(str(root)) and locked["auth_db"] == stored["auth_db"]
    assert stored["settings_file"].startswith(str(root))


def test_store_token_returns_an_authcfg_that_gives_the_token_back(child):
    stored, _, _ = child
    authcfg = stored["authcfg"]
    assert len(authcfg) == 7 and stored["dialog_authcfg"] == authcfg
    assert stored["field_cleared"]
    assert stored["first"] == TOKEN
    # Storing again updates the same config rather than piling up copies.
    assert stored["updated_id"] == authcfg and stored["configs"] == 1
    assert stored["second"] == NEWER


def test_tianditu_imagery_is_two_xyz_layers_holding_the_token(child):
    stored, _, _ = child
    layers = stored["layers"]
    assert len(layers) == 2
    for layer in layers:
        assert layer["valid"] and layer["provider"] == "wms" and layer["crs"] == "EPSG:3857"
        assert layer["has_token"]
        assert not any(form in layer["redacted"] for form in token_forms(NEWER)) and "***" in layer["redacted"]
    assert "cia_w" in layers[0]["redacted"] and "img_w" in layers[1]["redacted"]
    assert "cva_w" in stored["vec"][0] and "vec_w" in stored["vec"][1]


def test_settings_project_and_auth_database_hold_only_the_id(child):
    stored, _, root = child
    authcfg = stored["authcfg"]
    settings = Path(stored["settings_file"]).read_text(encoding="utf-8")
    assert stored["project_written"]
    project = (root / "project.qgs").read_text(encoding="utf-8")
    assert authcfg in settings and authcfg in project
    with open(stored["auth_db"], "rb") as handle:
        database = handle.read().decode("latin-1")
    for text in (settings, project, database):
        for token in (TOKEN, NEWER):
            assert not any(form in text for form in token_forms(token))


def test_without_the_master_password_the_token_is_not_read(child):
    stored, locked, _ = child
    assert locked["authcfg"] == stored["authcfg"]
    assert locked["token"] is None
    assert locked["error"] and stored["authcfg"] in locked["error"]


def test_none_gives_no_layers(qgis_app):
    assert basemap.basemap_layers("none", "") == []
    assert basemap.basemap_layers("none", "abc1234") == []
    assert len(basemap.basemap_labels()) == len(basemap.BASEMAPS)
    assert basemap.attribution("none") == "" and basemap.attribution("tianditu_img")


@pytest.mark.parametrize("authcfg", ["", "zz00zz0"])
def test_a_missing_authcfg_is_named_in_chinese_and_english(qgis_app, authcfg):
    with pytest.raises(DataError) as error:
        basemap.basemap_layers("tianditu_img", authcfg)
    chinese, separator, english = str(error.value).partition(" / ")
    assert separator and chinese and english.startswith(("No Tianditu token", "The Tianditu token"))
    assert authcfg in english


def test_an_unknown_basemap_is_refused(qgis_app):
    with pytest.raises(DataError, match="osm"):
        basemap.basemap_layers("osm", "zz00zz0")


def test_redaction_covers_plain_and_encoded_urls(qgis_app):
    layers = basemap.xyz_layers("tianditu_vec", "a b&c/d=e")
    assert not basemap.layers_without_token(layers, "a b&c/d=e")
    for layer in layers:
        assert basemap.token_in(layer.source(), "a b&c/d=e")
        assert not basemap.token_in(basemap.redacted_source(layer), "a b&c/d=e")
        assert "zmax=18" in basemap.redacted_source(layer)
    url = "https://t0.tianditu.gov.cn/DataServer?T=vec_w&x=1&y=2&l=3&tk=SECRET"
    assert basemap.redacted(url).endswith("tk=***") and "SECRET" not in basemap.redacted(url)
    assert basemap.redacted("?atk=keep&tk=SECRET&x=1") == "?atk=keep&tk=***&x=1"


def test_a_project_keeping_the_authcfg_keeps_no_token(qgis_app, tmp_path):
    """What the algorithm is to do: the id in the project, the token-bearing layers never in a written project."""
    layers = basemap.xyz_layers("tianditu_img", TOKEN)
    assert basemap.layers_without_token([], TOKEN)
    printing = QgsProject()
    printing.addMapLayers(layers, False)  # the export's own project, never written
    saved = QgsProject()
    QgsExpressionContextUtils.setProjectVariable(saved, "lianwei_tianditu_authcfg", "abc1234")
    path = tmp_path / "saved.qgs"
    assert saved.write(str(path))
    text = path.read_text(encoding="utf-8")
    assert "abc1234" in text and not any(form in text for form in token_forms(TOKEN))
