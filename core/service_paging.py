"""The rules of reading a monitoring service's patches page by page (OGC API Features or a plain GeoJSON endpoint).

Plain Python: which URL to ask, which page comes next (the ``next`` link, else limit/offset while numberMatched
says more are due), whether a page is a whole FeatureCollection, how long to wait before asking again (the
server's Retry-After, else an exponential backoff, within a bounded total), which "changed since" stamp to ask for
and to keep, which proxy QGIS's settings choose, and a URL fit for a message (no credentials in it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Dict, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

# HTTP statuses worth asking again after a wait: too many requests, and the server's passing troubles.
RETRY_STATUSES = (429, 500, 502, 503, 504)
REFUSED_STATUSES = (401, 403)
# Query parameters whose values are credentials: shown as *** in messages and logs.
SECRET_PARAMETERS = ("token", "access_token", "apikey", "api_key", "key", "password", "secret", "signature", "sig")
# The campaign table's key holding a service's last sync: this prefix and a digest of the service's URL.
STAMP_PREFIX = "patch_sync_"
GEOJSON_TYPES = ("application/geo+json", "application/json", "application/vnd.geo+json")


def items_url(url: str, collection: str = "") -> str:
    """The URL to read: an OGC API Features collection's items (``{url}/collections/{id}/items``), or ``url``
    itself (a plain GeoJSON endpoint, or an items URL given whole) when no collection is named."""
    url = url.strip()
    collection = collection.strip()
    if not collection:
        return url
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith("/collections"):
        path = path[: -len("/collections")]
    path = f"{path}/collections/{quote(collection, safe='')}/items"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def with_query(url: str, values: Mapping[str, object]) -> str:
    """``url`` with the given query parameters set (replacing any of the same name), the others kept in order."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in values]
    kept += [(k, str(v)) for k, v in values.items() if v is not None]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept, safe="/:,."), parts.fragment))


def shown_url(url: str) -> str:
    """``url`` fit for a message or a log: no user or password, credential-like query values replaced by ***."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    query = [
        (k, "***" if k.lower() in SECRET_PARAMETERS else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="/:,.*"), ""))


def stamp_key(url: str) -> str:
    """The campaign key of a service's last sync: one per URL (credentials and our own query left out)."""
    parts = urlsplit(url.strip())
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in SECRET_PARAMETERS)
    canonical = urlunsplit((parts.scheme.lower(), (parts.hostname or "").lower(), parts.path.rstrip("/"), "", ""))
    digest = hashlib.sha256((canonical + "?" + urlencode(query)).encode("utf-8")).hexdigest()
    return STAMP_PREFIX + digest[:24]


def utc_text(moment: datetime) -> str:
    """RFC 3339 in UTC to the second, e.g. 2024-05-01T08:00:00Z (what OGC API's datetime parameter takes)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_since(text: str) -> Optional[str]:
    """A "changed since" value typed by a user or kept in the ledger, as RFC 3339 UTC; None for "everything"
    (empty, "all", 全部). A date alone is its midnight UTC; a time without a zone is taken as UTC+8 (Beijing).
    Raises ValueError for anything else."""
    text = (text or "").strip()
    if text.lower() in ("", "all", "*") or text == "全部":
        return None
    value = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(text) from None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        moment = moment.replace(tzinfo=timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone(_BEIJING))
    return utc_text(moment)


_BEIJING = datetime(2000, 1, 1, 8) - datetime(2000, 1, 1)


def since_query(stamp: Optional[str], parameter: str = "") -> Dict[str, str]:
    """The query asking for what changed since ``stamp``: OGC API's ``datetime=<stamp>/..`` or, for a service
    with its own parameter, ``<parameter>=<stamp>``; nothing for a first sync."""
    if not stamp:
        return {}
    parameter = parameter.strip()
    return {parameter: stamp} if parameter else {"datetime": f"{stamp}/.."}


def sync_stamp(date_header: Optional[str], started: datetime) -> str:
    """The stamp to keep after a successful sync: the server's own clock (the Date header of its first answer)
    when it sent one, else this computer's clock when the download began; the next sync asks for what changed
    since then, so a patch changed during the download is asked for again rather than missed."""
    if date_header:
        try:
            moment = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            return utc_text(moment)
    return utc_text(started)


def retry_delay(attempt: int, retry_after: Optional[str], base: float, cap: float, now: Optional[datetime] = None):
    """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 0): the server's Retry-After (in
    seconds or as an HTTP date) when it gave one, else base·2^attempt; never more than ``cap``."""
    if retry_after:
        text = retry_after.strip()
        if text.isdigit():
            return min(float(text), cap)
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            now = now or datetime.now(timezone.utc)
            return min(max((moment - now).total_seconds(), 0.0), cap)
    return min(base * (2**attempt), cap)


def may_retry(attempt: int, delay: float, elapsed: float, attempts: int, total: float) -> bool:
    """Whether to ask again: fewer than ``attempts`` tries made and the wait still within ``total`` seconds."""
    return attempt + 1 < attempts and elapsed + delay <= total


@dataclass
class PageCheck:
    """What a page holds: its features, the links, and numberMatched/numberReturned when the server said them."""

    features: List[dict] = field(default_factory=list)
    links: List[dict] = field(default_factory=list)
    matched: Optional[int] = None
    returned: Optional[int] = None
    problem: Optional[str] = None  # English, why this is not a FeatureCollection


def check_page(document: object) -> PageCheck:
    """``document`` (a parsed JSON answer) as a page of features, or with ``problem`` saying why it is not one."""
    if not isinstance(document, dict):
        return PageCheck(problem=f"a JSON {type(document).__name__}, not an object")
    if document.get("type") != "FeatureCollection":
        return PageCheck(problem=f"its type is {document.get('type')!r}, not 'FeatureCollection'")
    features = document.get("features")
    if not isinstance(features, list):
        return PageCheck(problem="it has no list of features")
    bad = [i + 1 for i, f in enumerate(features) if not isinstance(f, dict) or f.get("type") != "Feature"]
    if bad:
        return PageCheck(problem=f"item {bad[0]} of its features is not a Feature")
    links = document.get("links")
    links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    return PageCheck(features, links, _count(document.get("numberMatched")), _count(document.get("numberReturned")))


def _count(value: object) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def next_link(links: Sequence[Mapping[str, object]], current: str) -> Optional[str]:
    """The absolute URL of the ``next`` link (a GeoJSON one when several formats are offered), or None."""
    found = [link for link in links if str(link.get("rel", "")).lower() == "next" and link.get("href")]
    if not found:
        return None
    found.sort(key=lambda link: 0 if str(link.get("type", "")).split(";")[0].strip() in GEOJSON_TYPES else 1)
    return urljoin(current, str(found[0]["href"]))


def offset_next(first_url: str, fetched: int, matched: Optional[int], last_count: int) -> Optional[str]:
    """For a service without next links: the next page by offset while numberMatched says more are due."""
    if matched is None or last_count == 0 or fetched >= matched:
        return None
    return with_query(first_url, {"offset": fetched})


@dataclass(frozen=True)
class ProxyChoice:
    """The proxies for ``requests`` and whether it may take them from the environment (system settings)."""

    proxies: Dict[str, str]
    from_environment: bool


def proxy_choice(settings: Mapping[str, object], url: str) -> ProxyChoice:
    """QGIS's network settings (the proxy/… keys) for ``url``: no proxy when off or when ``url`` starts with an
    excluded prefix, the system's (environment) for DefaultProxy, else the HTTP or SOCKS5 proxy given."""
    if not _true(settings.get("proxy/proxyEnabled")):
        return ProxyChoice({}, False)
    kind = str(settings.get("proxy/proxyType") or "DefaultProxy")
    if kind == "DefaultProxy":
        return ProxyChoice({}, True)
    excluded = _list(settings.get("proxy/proxyExcludedUrls")) + _list(settings.get("proxy/noProxyUrls"))
    host = str(settings.get("proxy/proxyHost") or "").strip()
    if not host or any(url.startswith(prefix) for prefix in excluded):
        return ProxyChoice({}, False)
    scheme = "socks5h" if kind == "Socks5Proxy" else "http"
    user = str(settings.get("proxy/proxyUser") or "")
    secret = str(settings.get("proxy/proxyPassword") or "")
    credentials = f"{quote(user, safe='')}:{quote(secret, safe='')}@" if user else ""
    port = str(settings.get("proxy/proxyPort") or "").strip()
    address = f"{scheme}://{credentials}{host}" + (f":{port}" if port and port != "0" else "")
    return ProxyChoice({"http": address, "https": address}, False)


def _true(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def _list(value: object) -> List[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def content_cut(declared: Optional[str], received: int, encoded: bool) -> Optional[Tuple[int, int]]:
    """(received, declared) bytes when an answer is shorter than its Content-Length said, else None (a compressed
    answer's length is of the compressed bytes and cannot be compared)."""
    if encoded or not declared or not declared.strip().isdigit():
        return None
    expected = int(declared.strip())
    return (received, expected) if received < expected else None
