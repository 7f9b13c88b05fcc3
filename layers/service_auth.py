"""What a request to a monitoring service carries from QGIS: the credentials of an authentication configuration
(QGIS's authentication manager: only its id is kept anywhere) and the proxy of QGIS's network settings.

The secret is read from the authentication manager at each request and handed to that request only: it is never
stored, logged or put into a message. QGIS itself writes the header (``updateNetworkRequest``), so Basic, OAuth2 and,
on QGIS versions that have it, the API-header method work as they do for QGIS's own layers. QGIS 3.22 has no
API-header method: a bearer token is kept there as an "ESRI token" configuration, sent as
``Authorization: Bearer <token>`` besides the header QGIS writes for it.
"""

from __future__ import annotations

from typing import Dict

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from ..core.service_paging import ProxyChoice, proxy_choice
from ..translation import tr_chinese, tr_later

# Methods whose credentials travel in HTTP headers; certificate methods (PKI, Identity-Cert) do not.
HEADER_METHODS = ("Basic", "OAuth2", "APIHeader", "EsriToken")
PROXY_KEYS = (
    "proxy/proxyEnabled",
    "proxy/proxyType",
    "proxy/proxyHost",
    "proxy/proxyPort",
    "proxy/proxyUser",
    "proxy/proxyPassword",
    "proxy/proxyExcludedUrls",
    "proxy/noProxyUrls",
)

MESSAGES = (
    tr_later(
        "The authentication configuration {authcfg} does not exist or cannot be read (is QGIS's master password "
        "entered?): choose one under Settings → Options → Authentication"
    ),
    tr_later(
        "The authentication configuration {authcfg} uses the method {method}, which cannot be used for a patch "
        "service: use Basic, OAuth2, an API header or a token (ESRI token) configuration"
    ),
    tr_later("QGIS could not apply the authentication configuration {authcfg} to {url}"),
)


class AuthError(Exception):
    """An authentication configuration that cannot be used; the message is for the user, bilingual (``pair``)."""

    def __init__(self, template: str, **values):
        self.pair = (tr_chinese(template).format(**values), template.format(**values))
        super().__init__(self.pair[1] if self.pair[0] == self.pair[1] else " / ".join(self.pair))


class ServiceAuth:
    """The credentials of authentication configuration ``authcfg`` (empty: none), read afresh for each request."""

    def __init__(self, authcfg: str = ""):
        self.authcfg = (authcfg or "").strip()

    def __repr__(self) -> str:
        return f"ServiceAuth({self.authcfg!r})"  # the id only, never the secret

    def check(self) -> None:
        """Refuse, before anything is downloaded, a configuration that is missing or of a method we cannot send."""
        if self.authcfg:
            self._config(full=False)

    def headers(self, url: str) -> Dict[str, str]:
        """The HTTP headers carrying the credentials for a request to ``url`` (none without a configuration)."""
        if not self.authcfg:
            return {}
        config = self._config(full=True)
        manager = QgsApplication.authManager()
        request = QNetworkRequest(QUrl(url))
        applied = manager.updateNetworkRequest(request, self.authcfg)
        if isinstance(applied, tuple):  # PyQt returns (ok, request) for the in/out argument
            applied, request = applied[0], applied[1] if len(applied) > 1 else request
        if not applied:
            raise AuthError(MESSAGES[2], authcfg=self.authcfg, url=url)
        headers = {
            bytes(name).decode("latin-1"): bytes(request.rawHeader(name)).decode("latin-1")
            for name in request.rawHeaderList()
        }
        if config.method() == "EsriToken" and config.config("token") and "Authorization" not in headers:
            headers["Authorization"] = "Bearer " + config.config("token")
        return headers

    def _config(self, full: bool) -> QgsAuthMethodConfig:
        manager = QgsApplication.authManager()
        config = QgsAuthMethodConfig()
        loaded = manager.loadAuthenticationConfig(self.authcfg, config, full)
        if isinstance(loaded, tuple):
            loaded, config = loaded[0], loaded[1] if len(loaded) > 1 else config
        if not loaded or not config.id():
            raise AuthError(MESSAGES[0], authcfg=self.authcfg)
        if config.method() not in HEADER_METHODS:
            raise AuthError(MESSAGES[1], authcfg=self.authcfg, method=config.method())
        return config


def qgis_proxy(url: str) -> ProxyChoice:
    """The proxy QGIS's network settings (Settings → Options → Network) choose for ``url``."""
    settings = QgsSettings()
    return proxy_choice({key: settings.value(key) for key in PROXY_KEYS}, url)
