"""Optional 天地图 (Tianditu) basemap beneath the village maps, the token kept in QGIS's authentication database.

The token (tk) is a personal key bound to the technician's Tianditu account. It lives only in an auth config of
QGIS's authentication manager, encrypted by the master password; the settings and the projects keep the config's
id. It is put into tile URLs only of layers built in memory for one export (Tianditu accepts it only as the tk
query parameter, which no auth method of QGIS 3.22 adds). Such a layer's source() therefore holds the token: it
must never be added to a project that is written, logged or shown; ``redacted_source()`` is for any message.

Key type: a 服务器端 (server) key restricted to the office's IP addresses works from QGIS; a 浏览器端 (browser)
key restricted to web domains is refused, since QGIS sends no matching Referer. No network access happens until
the layers are rendered.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple
from urllib.parse import quote

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsRasterLayer, QgsSettings

from ..translation import tr, tr_both, tr_later
from .convert import DataError

BASEMAPS = ("none", "tianditu_img", "tianditu_vec")
BASEMAP_LABELS = {
    "none": tr_later("No basemap (prints offline)"),
    "tianditu_img": tr_later("Tianditu imagery with place names"),
    "tianditu_vec": tr_later("Tianditu map with place names"),
}
SETTINGS_KEY = "lianwei/tianditu_authcfg"

# "Basic" exists in every QGIS from 3.22 to 3.44 ("APIHeader" only from 3.26 on), so a config stored under one
# version still works after an upgrade. The token is its password; the user name only tells people what it is.
AUTH_METHOD = "Basic"
AUTH_USER = "tk"
# Marks our configs among the user's own, so store_token() updates ours rather than one the user made by hand.
AUTH_URI = "https://www.tianditu.gov.cn/"

# QGIS's XYZ source has no subdomain placeholder (qgis/QGIS#51939), so every tile comes from t0.
TILES = "https://t0.tianditu.gov.cn/DataServer"
# Top first, the order QgsLayoutItemMap.setLayers() takes: place names over the imagery or map.
LAYERS: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "tianditu_img": (("cia_w", tr_later("Tianditu place names")), ("img_w", tr_later("Tianditu imagery"))),
    "tianditu_vec": (("cva_w", tr_later("Tianditu place names")), ("vec_w", tr_later("Tianditu map"))),
}
# Web-Mercator tiles of levels 1 to 18; QGIS stretches level 18 when a print asks for more detail.
ZMIN, ZMAX = 1, 18

# tk=… in a tile URL, and tk%3D… once that URL is a parameter of a data source URI.
_TOKEN = re.compile(r"(?:(?<=[?&])|(?<=%26)|(?<=%3F))(tk(?:=|%3D))(.*?)(?=&|%26|$|[\s\"'<])", re.IGNORECASE)


def basemap_labels() -> List[str]:
    """The labels of ``BASEMAPS`` in the user's language, in the same order (for an enum parameter)."""
    return [tr(BASEMAP_LABELS[kind]) for kind in BASEMAPS]


def attribution(kind: str) -> str:
    """The credit Tianditu's terms ask for on a map printed over its tiles ("" without a basemap)."""
    return tr("Basemap: Tianditu (www.tianditu.gov.cn)") if kind in LAYERS else ""


def store_token(token: str, name: str = "天地图") -> str:
    """Store ``token`` in QGIS's authentication database, updating our config named ``name`` if there is one;
    returns the authcfg id. QGIS asks for the master password first if it was not entered in this session."""
    token = (token or "").strip()
    if not token:
        raise DataError(tr_both("The Tianditu token is empty"))
    manager = _manager()
    config = QgsAuthMethodConfig(AUTH_METHOD)
    config.setName(name)
    config.setUri(AUTH_URI)
    config.setConfig("username", AUTH_USER)
    config.setConfig("password", token)
    existing = _our_config(name)
    if existing:
        config.setId(existing)
        stored = _ok(manager.updateAuthenticationConfig(config))
    else:
        result = manager.storeAuthenticationConfig(config)
        stored = _ok(result)
        # From QGIS 3.20 the binding returns (ok, config), the config carrying the new id.
        if isinstance(result, tuple) and len(result) > 1 and isinstance(result[1], QgsAuthMethodConfig):
            config = result[1]
    if not stored or not config.id():
        raise DataError(
            tr_both(
                "The Tianditu token could not be stored in the QGIS authentication database (was the master "
                "password entered?)"
            )
        )
    return config.id()


def token_from(authcfg: str) -> Optional[str]:
    """The token held by the auth config ``authcfg``, or None when there is no such config, it holds no token, or
    the master password is not available (QGIS asks for it in the desktop; headless runs read the file named by
    QGIS_AUTH_PASSWORD_FILE)."""
    manager = QgsApplication.authManager()
    # Unknown ids are answered from the id list: loading one would ask for the master password for nothing.
    if not authcfg or manager.isDisabled() or authcfg not in manager.configIds():
        return None
    config = QgsAuthMethodConfig()
    result = manager.loadAuthenticationConfig(authcfg, config, True)
    if not _ok(result):
        return None
    if isinstance(result, tuple) and len(result) > 1 and isinstance(result[1], QgsAuthMethodConfig):
        config = result[1]
    token = (config.config("password") or "").strip()
    return token or None


def basemap_layers(kind: str, authcfg: str) -> List[QgsRasterLayer]:
    """The basemap's layers for one export, top first ([] for "none"), the token read from ``authcfg``.

    Call it in the main thread (prepareAlgorithm), where QGIS can ask for the master password. The layers hold the
    token in their source: keep them in the export's own in-memory project, out of the legend, and never write it.
    """
    if kind == "none":
        return []
    if kind not in LAYERS:
        raise DataError(tr_both("Unknown basemap {kind}").format(kind=kind))
    if not authcfg:
        raise DataError(tr_both("No Tianditu token is set: enter it in the Tianditu token dialog first"))
    token = token_from(authcfg)
    if not token:
        raise DataError(
            tr_both(
                "The Tianditu token could not be read from the authentication configuration {authcfg}: it does not "
                "exist, holds no token, or the master password was not entered"
            ).format(authcfg=authcfg)
        )
    return xyz_layers(kind, token)


def xyz_layers(kind: str, token: str) -> List[QgsRasterLayer]:
    """XYZ layers of ``kind`` with ``token`` in their tile URLs, top first (basemap_layers() without the auth)."""
    layers = []
    for code, label in LAYERS[kind]:
        layer = QgsRasterLayer(xyz_source(code, token), tr(label), "wms")
        if not layer.isValid():
            raise DataError(tr_both("The basemap layer {name} could not be created").format(name=tr(label)))
        layers.append(layer)
    return layers


def xyz_source(code: str, token: str) -> str:
    """The data source of the Tianditu tile set ``code`` (img_w, cia_w, vec_w, cva_w): the URL's own & and = go
    through QgsDataSourceUri's encoding, or the provider would split them off as parameters of its own."""
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", f"{TILES}?T={code}&x={{x}}&y={{y}}&l={{z}}&tk={quote(token, safe='')}")
    uri.setParam("zmax", str(ZMAX))
    uri.setParam("zmin", str(ZMIN))
    return bytes(uri.encodedUri()).decode()


def redacted(text: str) -> str:
    """``text`` with every tk value, plain or percent-encoded, replaced by ***."""
    return _TOKEN.sub(lambda match: match.group(1) + "***", text or "")


def redacted_source(layer) -> str:
    """The layer's source, safe to log or show: the token replaced by ***."""
    return redacted(layer.source())


def token_in(text: str, token: str) -> bool:
    """Whether ``text`` holds ``token`` as it is or percent-encoded once or twice (as in a data source URI)."""
    if not token or not text:
        return False
    once = quote(token, safe="")
    return any(form in text for form in (token, once, quote(once, safe="")))


def layers_without_token(layers: Sequence, token: str) -> bool:
    """Whether none of ``layers`` holds ``token`` in its source (False for layers from basemap_layers())."""
    return not any(token_in(layer.source(), token) for layer in layers)


def saved_authcfg() -> str:
    """The authcfg id saved in the user's QGIS settings by the token dialog ("" when none)."""
    return QgsSettings().value(SETTINGS_KEY, "", type=str) or ""


def save_authcfg(authcfg: str) -> None:
    """Remember the authcfg id (never the token) in the user's QGIS settings."""
    QgsSettings().setValue(SETTINGS_KEY, authcfg or "")


def _manager():
    manager = QgsApplication.authManager()
    if manager.isDisabled():
        raise DataError(
            tr_both("The QGIS authentication system is disabled: {reason}").format(reason=manager.disabledMessage())
        )
    return manager


def _our_config(name: str) -> str:
    """The id of the config store_token() made under ``name`` before ("" when none)."""
    for authcfg, config in _manager().availableAuthMethodConfigs().items():
        if config.name() == name and config.method() == AUTH_METHOD and config.uri() == AUTH_URI:
            return authcfg
    return ""


def _ok(result) -> bool:
    """The success flag of an auth manager call: a bool, or the first item of the (ok, config) SIP returns."""
    return bool(result[0] if isinstance(result, tuple) else result)
