"""The monitoring-service client (layers/patch_service.py) against a real HTTP server on 127.0.0.1."""

import base64
import hashlib
import json
import secrets
import tempfile
import time

import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings
from service_server import service_fixture  # noqa: F401 - the fixture "service"

from lianwei.layers import patch_service
from lianwei.layers.patch_service import PatchService, ServiceError, ServiceSettings


def fast(url, **values):
    """Settings for tests: short timeouts and waits."""
    defaults = dict(connect_timeout=2.0, read_timeout=2.0, attempts=3, backoff_base=0.01, backoff_cap=2.0)
    defaults.update(values)
    return ServiceSettings(url, **defaults)


def download(settings, tmp_path, **kwargs):
    lines = []
    client = PatchService(settings, log=lines.append, **kwargs)
    result = client.download(str(tmp_path / "patches.geojson"))
    return result, lines


def read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def refused(settings, tmp_path, *words):
    with pytest.raises(ServiceError) as caught:
        download(settings, tmp_path)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


def test_paged_collection_follows_next_links(service, tmp_path):
    result, lines = download(fast(service.base + "/ogc", collection="patches"), tmp_path)
    assert (result.fetched, result.pages, result.matched) == (5, 3, 5)
    document = read(result.path)
    assert [f["id"] for f in document["features"]] == ["W0001", "W0002", "W0003", "W0004", "W0005"]
    assert document["features"][0]["properties"]["TBLX"] == "建(构)筑物"
    assert [q.get("offset") for q in service.queries("/ogc/collections/patches/items")] == [None, "2", "4"]
    assert "limit" in service.queries("/ogc/collections/patches/items")[0]
    assert any("Page 3: 1 patches (5 of 5 so far)" in line for line in lines), lines
    assert result.stamp.endswith("Z") and "datetime" not in service.queries("/ogc/collections/patches/items")[0]


def test_limit_offset_paging_without_next_links(service, tmp_path):
    result, _ = download(fast(service.base + "/ogc/", collection="offset"), tmp_path)
    assert (result.fetched, result.pages) == (5, 3)


def test_changed_since_asks_with_datetime(service, tmp_path):
    service.features[3]["properties"]["updated"] = "2024-06-02T00:00:00Z"
    since = "2024-06-01T00:00:00Z"
    result, _ = download(fast(service.base + "/ogc", collection="patches", since=since), tmp_path)
    assert result.fetched == 1 and read(result.path)["features"][0]["id"] == "W0004"
    assert service.queries("/ogc/collections/patches/items")[0]["datetime"] == since + "/.."


def test_changed_since_with_the_services_own_parameter(service, tmp_path):
    service.features[0]["properties"]["updated"] = "2024-06-02T00:00:00Z"
    settings = fast(service.base + "/geojson", since="2024-06-01T00:00:00Z", since_parameter="updated_since")
    result, _ = download(settings, tmp_path)
    assert result.fetched == 1 and result.matched is None
    assert service.queries("/geojson")[0] == {"updated_since": "2024-06-01T00:00:00Z"}


def test_slow_answer_times_out_and_says_so(service, tmp_path):
    service.slow_seconds = 1.5
    began = time.monotonic()
    message = refused(fast(service.base + "/slow", read_timeout=0.3, attempts=2), tmp_path, "没有", "did not answer")
    assert "page 1" in message and "asked 2 times" in message and service.base + "/slow" in message
    assert time.monotonic() - began < 5


def test_503_then_success_is_retried(service, tmp_path):
    result, lines = download(fast(service.base + "/flaky", attempts=3), tmp_path)
    assert result.fetched == 5 and service.counts["/flaky"] == 3
    assert sum("HTTP 503 on page 1" in line for line in lines) == 2


def test_503_beyond_the_attempts_is_refused(service, tmp_path):
    service.flaky_failures = 10
    refused(fast(service.base + "/flaky", attempts=3), tmp_path, "HTTP 503", "asked 3 times")
    assert service.counts["/flaky"] == 3


def test_429_waits_as_retry_after_says(service, tmp_path):
    began = time.monotonic()
    result, lines = download(fast(service.base + "/busy", backoff_base=0.01), tmp_path)
    assert result.fetched == 5 and time.monotonic() - began >= 0.95
    assert any("HTTP 429" in line and "1.0 s" in line for line in lines), lines


def test_retry_after_beyond_the_total_wait_is_refused(service, tmp_path):
    service.retry_after = "30"
    began = time.monotonic()
    refused(fast(service.base + "/busy", total_wait=5, backoff_cap=60), tmp_path, "HTTP 429")
    assert time.monotonic() - began < 3


def test_malformed_json(service, tmp_path):
    refused(fast(service.base + "/malformed"), tmp_path, "不是有效的 JSON", "is not valid JSON", "Page 1")


def test_body_shorter_than_its_content_length(service, tmp_path):
    refused(fast(service.base + "/cut"), tmp_path, "截断", "was cut off mid-way", "Page 1")


def test_json_cut_off_mid_way(service, tmp_path):
    refused(fast(service.base + "/truncated"), tmp_path, "is not valid JSON")


def test_a_page_cut_off_after_the_first(service, tmp_path):
    refused(fast(service.base + "/ogc", collection="cutpage"), tmp_path, "Page 2", "was cut off mid-way")


def test_number_matched_disagreeing(service, tmp_path):
    refused(fast(service.base + "/ogc", collection="liar"), tmp_path, "numberMatched", "8 patches", "5 came in 3 pages")


def test_number_returned_disagreeing(service, tmp_path):
    refused(fast(service.base + "/ogc", collection="short"), tmp_path, "numberReturned 3 but holds 2")


def test_paging_that_loops(service, tmp_path):
    refused(fast(service.base + "/ogc", collection="loop"), tmp_path, "loops")


def test_offline(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = refused(fast(f"http://127.0.0.1:{port}/ogc", collection="patches", attempts=2), tmp_path, "Cannot reach")
    assert "无法连接" in message and f"127.0.0.1:{port}/ogc/collections/patches/items" in message


def test_expired_token(service, tmp_path):
    refused(fast(service.base + "/expired"), tmp_path, "HTTP 401", "expired", "令牌")
    assert service.counts["/expired"] == 1  # a refusal is not asked again


def test_cancel_between_requests(service, tmp_path):
    calls = []

    def canceled():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ServiceError, match="canceled on page 2"):
        download(fast(service.base + "/ogc", collection="patches"), tmp_path, canceled=canceled)


def test_messages_never_show_a_token_in_the_url(service, tmp_path):
    token = secrets.token_hex(8)
    message = refused(fast(service.base + f"/expired?token={token}"), tmp_path, "token=***")
    assert token not in message


# -- credentials from QGIS's authentication manager


@pytest.fixture
def auth_manager(qgis_app):
    """QGIS's authentication manager with a master password made up here (the test profile's own auth db)."""
    manager = QgsApplication.authManager()
    path = manager.authenticationDatabasePath()
    if ".qgis-settings" not in path and not path.startswith(tempfile.gettempdir()):
        pytest.skip(f"the auth db {path} is not a test profile's")
    master = hashlib.sha256(("lianwei tests " + path).encode()).hexdigest()
    if not manager.masterPasswordIsSet():
        if not manager.setMasterPassword(master, True):
            manager.eraseAuthenticationDatabase(False)  # made by another test setup: only a test profile's
            assert manager.setMasterPassword(master, True)
    return manager


def store(manager, method, **values):
    config = QgsAuthMethodConfig(method)
    config.setName(f"lianwei test {method}")
    for key, value in values.items():
        config.setConfig(key, value)
    stored = manager.storeAuthenticationConfig(config)
    assert stored[0] if isinstance(stored, tuple) else stored
    return config.id()


def test_basic_credentials_read_from_the_auth_manager(auth_manager, service, tmp_path):
    user, word = "zhen", secrets.token_hex(6)
    service.expected_auth = "Basic " + base64.b64encode(f"{user}:{word}".encode()).decode()
    authcfg = store(auth_manager, "Basic", username=user, password=word)
    lines = []
    client = PatchService(fast(service.base + "/secured", authcfg=authcfg), log=lines.append)
    result = client.download(str(tmp_path / "p.geojson"))
    assert result.fetched == 5
    assert word not in "\n".join(lines) and word not in repr(client.auth)
    assert QgsSettings().allKeys() and not any(word in str(QgsSettings().value(k)) for k in QgsSettings().allKeys())


def test_a_bearer_token_kept_as_a_token_configuration(auth_manager, service, tmp_path):
    token = secrets.token_urlsafe(16)
    service.expected_auth = "Bearer " + token
    authcfg = store(auth_manager, "EsriToken", token=token)
    result, _ = download(fast(service.base + "/secured", authcfg=authcfg), tmp_path)
    assert result.fetched == 5


def test_token_refused_names_the_configuration(auth_manager, service, tmp_path):
    service.expected_auth = "Bearer " + secrets.token_urlsafe(8)
    authcfg = store(auth_manager, "EsriToken", token=secrets.token_urlsafe(8))
    message = refused(fast(service.base + "/secured", authcfg=authcfg), tmp_path, "HTTP 401", authcfg)
    assert service.counts["/secured"] == 1 and "Bearer" not in message


def test_unknown_auth_configuration(auth_manager, service, tmp_path):
    refused(fast(service.base + "/secured", authcfg="nosuch1"), tmp_path, "nosuch1", "does not exist")
    assert "/secured" not in service.counts  # refused before asking


# -- QGIS's proxy settings


def test_proxy_from_qgis_settings(service, tmp_path, qgis_app):
    settings = QgsSettings()
    keys = ("proxy/proxyEnabled", "proxy/proxyType", "proxy/proxyHost", "proxy/proxyPort")
    before = {k: settings.value(k) for k in keys}
    try:
        proxy_port = service.server.server_address[1]  # the test server answers as a proxy would: full URL
        for key, value in zip(keys, ("true", "HttpProxy", "127.0.0.1", str(proxy_port))):
            settings.setValue(key, value)
        choice = patch_service.qgis_proxy("http://example.invalid/geojson")
        assert choice.proxies["http"] == f"http://127.0.0.1:{proxy_port}"
        result, _ = download(fast("http://example.invalid/geojson"), tmp_path)
        assert result.fetched == 5  # only reachable through the proxy
    finally:
        for key, value in before.items():
            settings.remove(key) if value is None else settings.setValue(key, value)
