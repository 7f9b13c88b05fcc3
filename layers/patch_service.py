"""The monitoring-service client: every page of an OGC API Features collection (or a plain GeoJSON endpoint) that
changed since the last sync, into one GeoJSON file, or an error naming the URL, the page and what went wrong.

Nothing is handed on unless every page came whole: a page that is not JSON, cut off, not a FeatureCollection, or a
numberReturned/numberMatched that disagrees with what came refuses the download. Each request has a connect and a
read timeout; 429 and 5xx answers and timeouts are asked again after the server's Retry-After or an exponential
backoff, within a bounded number of attempts and total wait. TLS certificates are always verified. The token comes
from QGIS's authentication manager at each request (layers/service_auth.py) and never appears in a message. The last
sync's stamp is kept per service in the ledger's campaign table, written only after the import succeeded.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Optional, Tuple

import requests

from ..core import service_paging as sp
from ..translation import tr, tr_chinese, tr_later
from . import ledger_store
from .pg_reads import campaign_rows, record_campaign
from .postgis import PostgisLedger
from .service_auth import AuthError, ServiceAuth, qgis_proxy

MESSAGES = (
    tr_later(
        "Cannot reach the patch service {url} (page {page}): {error}. Check the network connection and QGIS's "
        "proxy settings (Settings → Options → Network)"
    ),
    tr_later("The patch service {url} did not answer page {page} within {seconds:g} s (asked {attempts} times)"),
    tr_later(
        "The patch service {url} refused the credentials (HTTP {status}) on page {page}: the token has expired or "
        "is not allowed. Renew it in QGIS's authentication configuration {authcfg}"
    ),
    tr_later("The patch service {url} answered page {page} with HTTP {status} {reason} (asked {attempts} times)"),
    tr_later("Page {page} of the patch service {url} is not valid JSON: {error}"),
    tr_later("Page {page} of the patch service {url} was cut off mid-way: {received} of {expected} bytes came"),
    tr_later("Page {page} of the patch service {url} was cut off mid-way: {error}"),
    tr_later("Page {page} of the patch service {url} is not a GeoJSON FeatureCollection: {problem}"),
    tr_later(
        "Page {page} of the patch service {url} says numberReturned {returned} but holds {count} features: "
        "the page is incomplete"
    ),
    tr_later("The patch service {url} announced {matched} patches (numberMatched) but {fetched} came in {pages} pages"),
    tr_later("The patch service {url} links page {page} back to a page already read: its paging loops"),
    tr_later(
        "The TLS certificate of the patch service {url} could not be verified: {error}. Certificates are always "
        "checked; ask the service's administrator, or add its certificate authority to the system"
    ),
    tr_later("The download from the patch service {url} was canceled on page {page}"),
    tr_later("The patch service {url} sent more than {pages} pages: stopped"),
    tr_later(
        "The patch service {url} wants credentials (HTTP {status}) on page {page}: choose the authentication "
        "configuration that holds its token"
    ),
)
LOG = (
    tr_later("Asking {url}"),
    tr_later("Only patches changed since {since} (last sync)"),
    tr_later("Only patches changed since {since} (given)"),
    tr_later("No earlier sync of this service: every patch is asked for"),
    tr_later("Page {page}: {count} patches ({total} so far)"),
    tr_later("Page {page}: {count} patches ({total} of {matched} so far)"),
    tr_later("HTTP {status} on page {page}: asking again in {seconds:.1f} s (attempt {attempt} of {attempts})"),
    tr_later("No answer on page {page} ({error}): asking again in {seconds:.1f} s (attempt {attempt} of {attempts})"),
)
MAX_PAGES = 100000


class ServiceError(Exception):
    """A download that did not come whole; its message is for the user, in Chinese and English (``pair``)."""

    def __init__(self, pair: Tuple[str, str]):
        super().__init__(pair[1] if pair[0] == pair[1] else f"{pair[0]} / {pair[1]}")
        self.pair = pair


def message_pair(template: str, **values) -> Tuple[str, str]:
    """(Chinese, English) of a message template with its values."""
    return tr_chinese(template).format(**values), template.format(**values)


@dataclass
class ServiceSettings:
    url: str
    collection: str = ""
    authcfg: str = ""
    since: Optional[str] = None  # RFC 3339 UTC, None: everything
    since_parameter: str = ""  # empty: OGC API's datetime=<since>/..
    page_size: int = 1000  # sent as limit= to a collection
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    attempts: int = 5
    backoff_base: float = 1.0  # seconds; doubled each attempt
    backoff_cap: float = 60.0
    total_wait: float = 300.0  # the most waited between attempts of one page, in all


@dataclass
class Download:
    path: str
    fetched: int
    pages: int
    matched: Optional[int]
    stamp: str  # to keep as the last sync once the import succeeded
    url: str  # the items URL, for messages and the stamp's key


class PatchService:
    """Reads the pages of one service into a GeoJSON file."""

    def __init__(
        self,
        settings: ServiceSettings,
        log: Callable[[str], None] = lambda text: None,
        canceled: Callable[[], bool] = lambda: False,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.url = sp.items_url(settings.url, settings.collection)
        self.shown = sp.shown_url(self.url)
        self.auth = ServiceAuth(settings.authcfg)
        self.log = log
        self.canceled = canceled
        self.sleep = sleep
        self.session = requests.Session()

    def download(self, path: str) -> Download:
        """Every page into ``path`` (a GeoJSON FeatureCollection); ServiceError if any page did not come whole."""
        try:
            self.auth.check()
            return self._download(path)
        except AuthError as error:
            raise ServiceError(error.pair) from None
        finally:
            self.session.close()

    def _download(self, path: str) -> Download:
        s = self.settings
        query = sp.since_query(s.since, s.since_parameter)
        if s.collection and s.page_size:
            query["limit"] = s.page_size
        first = sp.with_query(self.url, query) if query else self.url
        self.log(tr(LOG[0]).format(url=sp.shown_url(first)))
        started = datetime.now(timezone.utc)
        url, page, fetched, matched, date, seen, linked = first, 0, 0, None, None, set(), False
        with open(path, "w", encoding="utf-8") as out:
            out.write('{"type": "FeatureCollection", "features": [\n')
            while url is not None:
                page += 1
                if page > MAX_PAGES:
                    raise self._error(MESSAGES[13], pages=MAX_PAGES)
                seen.add(url)
                response, content = self._get(url, page)
                date = date or response.headers.get("Date")
                checked = self._page(response, content, page)
                for feature in checked.features:
                    out.write((",\n" if fetched else "") + json.dumps(feature, ensure_ascii=False))
                    fetched += 1
                matched = checked.matched if checked.matched is not None else matched
                self._log_page(page, len(checked.features), fetched, matched)
                url = sp.next_link(checked.links, url)
                linked = linked or url is not None
                if url is None and not linked:  # a service that pages by limit/offset only
                    url = sp.offset_next(first, fetched, matched, len(checked.features))
                if url in seen:
                    raise self._error(MESSAGES[10], page=page + 1)
            out.write("\n]}\n")
        if matched is not None and matched != fetched:
            raise self._error(MESSAGES[9], matched=matched, fetched=fetched, pages=page)
        return Download(path, fetched, page, matched, sp.sync_stamp(date, started), self.url)

    def _log_page(self, page: int, count: int, total: int, matched: Optional[int]) -> None:
        if matched is None:
            self.log(tr(LOG[4]).format(page=page, count=count, total=total))
        else:
            self.log(tr(LOG[5]).format(page=page, count=count, total=total, matched=matched))

    def _error(self, template: str, **values) -> ServiceError:
        return ServiceError(message_pair(template, url=self.shown, **values))

    def _get(self, url: str, page: int):
        """The answer to one page's request and its body, asked again after 429/5xx or a timeout."""
        s = self.settings
        began = time.monotonic()
        attempt = 0
        while True:
            if self.canceled():
                raise self._error(MESSAGES[12], page=page)
            retry_after, failure = None, None
            try:
                response, content = self._request(url)
            except requests.exceptions.SSLError as error:
                raise self._error(MESSAGES[11], error=_reason(error)) from None
            except requests.exceptions.Timeout as error:
                failure = (MESSAGES[1], {"seconds": s.read_timeout}, error)
            except requests.exceptions.ChunkedEncodingError as error:
                raise self._error(MESSAGES[6], page=page, error=_reason(error)) from None
            except requests.exceptions.ConnectionError as error:
                failure = (MESSAGES[0], {}, error)
            except requests.exceptions.RequestException as error:
                raise self._error(MESSAGES[0], page=page, error=_reason(error)) from None
            else:
                status = response.status_code
                if status in sp.REFUSED_STATUSES and s.authcfg:
                    raise self._error(MESSAGES[2], page=page, status=status, authcfg=s.authcfg)
                if status in sp.REFUSED_STATUSES:
                    raise self._error(MESSAGES[14], page=page, status=status)
                if status < 400:
                    return response, content
                if status not in sp.RETRY_STATUSES:
                    raise self._error(MESSAGES[3], page=page, status=status, reason=response.reason, attempts=1)
                retry_after = response.headers.get("Retry-After")
                failure = (MESSAGES[3], {"status": status, "reason": response.reason}, None)
            delay = sp.retry_delay(attempt, retry_after, s.backoff_base, s.backoff_cap)
            if not sp.may_retry(attempt, delay, time.monotonic() - began, s.attempts, s.total_wait):
                template, values, error = failure
                extra = {"error": _reason(error)} if error is not None else {}
                raise self._error(template, page=page, attempts=attempt + 1, **values, **extra)
            self._log_retry(failure, page, delay, attempt + 2)
            self._wait(delay, page)
            attempt += 1

    def _request(self, url: str):
        s = self.settings
        proxy = qgis_proxy(url)
        self.session.trust_env = proxy.from_environment
        headers = {"Accept": "application/geo+json, application/json;q=0.9"}
        headers.update(self.auth.headers(url))  # read now, for this request only
        response = self.session.get(
            url, headers=headers, proxies=proxy.proxies, timeout=(s.connect_timeout, s.read_timeout), verify=True
        )
        return response, response.content

    def _log_retry(self, failure, page: int, delay: float, attempt: int) -> None:
        _, values, error = failure
        values = {**values, "page": page, "seconds": delay, "attempt": attempt, "attempts": self.settings.attempts}
        if error is None:
            self.log(tr(LOG[6]).format(**values))
        else:
            self.log(tr(LOG[7]).format(error=_reason(error), **values))

    def _wait(self, seconds: float, page: int) -> None:
        end = time.monotonic() + seconds
        while True:
            if self.canceled():
                raise self._error(MESSAGES[12], page=page)
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sleep(min(left, 0.2))

    def _page(self, response, content: bytes, page: int) -> sp.PageCheck:
        encoded = bool(response.headers.get("Content-Encoding"))
        cut = sp.content_cut(response.headers.get("Content-Length"), len(content), encoded)
        if cut is not None:
            raise self._error(MESSAGES[5], page=page, received=cut[0], expected=cut[1])
        try:
            document = json.loads(content.decode("utf-8-sig"))  # JSON is UTF-8 (RFC 8259)
        except ValueError as error:
            raise self._error(MESSAGES[4], page=page, error=_reason(error)) from None
        checked = sp.check_page(document)
        if checked.problem:
            raise self._error(MESSAGES[7], page=page, problem=checked.problem)
        if checked.returned is not None and checked.returned != len(checked.features):
            raise self._error(MESSAGES[8], page=page, returned=checked.returned, count=len(checked.features))
        return checked


def _reason(error: Optional[BaseException]) -> str:
    """An exception's text for a message, without the request's headers or a URL's query (where a token may be)."""
    if error is None:
        return ""
    text = str(error.args[0]) if error.args else type(error).__name__
    inner = getattr(error.args[0], "reason", None) if error.args else None
    if inner is not None:
        text = str(inner)
    if text.startswith("<") and ">: " in text:  # "<urllib3.connection.HTTPConnection object at 0x…>: Failed …"
        text = text.split(">: ", 1)[1]
    return text[:300]


def last_sync(ledger, url: str) -> Optional[str]:
    """The stamp of the last successful sync of the service at ``url`` kept in the ledger, or None."""
    if isinstance(ledger, PostgisLedger):
        return campaign_rows(ledger).get(sp.stamp_key(url)) or None
    ledger_store.check_ledger(ledger, writable=False)
    db = ledger_store.connect(ledger)
    try:
        row = db.execute('SELECT "value" FROM "campaign" WHERE "key" = ?', (sp.stamp_key(url),)).fetchone()
    finally:
        db.close()
    return row[0] if row and row[0] else None


def record_sync(ledger, url: str, stamp: str) -> None:
    """Keep ``stamp`` as the last sync of the service at ``url`` (after its patches were imported)."""
    key = sp.stamp_key(url)
    if isinstance(ledger, PostgisLedger):
        record_campaign(ledger, key, stamp)
        return
    db = ledger_store.connect(ledger)
    try:
        with ledger_store.immediate(db, ledger):
            if db.execute('UPDATE "campaign" SET "value" = ? WHERE "key" = ?', (stamp, key)).rowcount == 0:
                db.execute('INSERT INTO "campaign" ("key", "value") VALUES (?, ?)', (key, stamp))
    finally:
        db.close()
