"""A monitoring service on 127.0.0.1 for the tests, answering as real ones do and as failing ones do.

Paths (``collection`` = /ogc/collections/<id>/items):
- /ogc/collections/patches/items: the features in pages of ``page_size`` linked by ``next``; ``datetime=<t>/..``
  keeps those whose ``updated`` is at or after t; numberMatched/numberReturned given.
- /ogc/collections/offset/items: the same pages without next links (limit/offset paging).
- /ogc/collections/cutpage/items: page 2 announces more bytes than it sends.
- /ogc/collections/liar/items: numberMatched larger than what comes.
- /ogc/collections/short/items: numberReturned larger than the page holds.
- /ogc/collections/loop/items: a next link to itself.
- /slow: answers after ``slow_seconds``.
- /flaky: 503 ``flaky_failures`` times, then the features.
- /busy: 429 with Retry-After ``retry_after`` once, then the features.
- /malformed: a page that is not JSON.
- /cut: a body shorter than its Content-Length.
- /truncated: JSON cut off mid-way, its Content-Length true.
- /expired: 401 always (an expired token).
- /secured: the features when the Authorization header is ``expected_auth``, else 401.
- /geojson: a plain GeoJSON file; ``updated_since=<t>`` filters as datetime does.
Every request is recorded (path, query, headers) in ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest


def square(x, y, size=0.0005):
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def sample_features(count=5, x=108.3, y=22.8, updated="2024-05-01T00:00:00Z"):
    return [
        {
            "type": "Feature",
            "id": f"W{i + 1:04d}",
            "geometry": square(x + i * 0.001, y),
            "properties": {"JCBH": f"450109-2024-W{i + 1:04d}", "TBLX": "建(构)筑物", "updated": updated},
        }
        for i in range(count)
    ]


class Service:
    def __init__(self):
        self.features = sample_features()
        self.page_size = 2
        self.slow_seconds = 1.0
        self.flaky_failures = 2
        self.retry_after = "1"
        self.expected_auth = None
        self.requests = []
        self.counts = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def queries(self, path):
        return [q for p, q, _ in self.requests if p == path]

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with service.lock:
                    service.requests.append((parts.path, query, dict(self.headers)))
                    count = service.counts[parts.path] = service.counts.get(parts.path, 0) + 1
                service.answer(self, parts.path, query, count)

        return Handler

    # -- answers

    def answer(self, handler, path, query, count):
        if path.startswith("/ogc/collections/"):
            return self.collection(handler, path.split("/")[3], query)
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return self.send_json(handler, self.collection_page(self.features))
        if path == "/flaky" and count <= self.flaky_failures:
            return self.send(handler, 503, b"busy", "text/plain")
        if path == "/busy" and count == 1:
            return self.send(handler, 429, b"slow down", "text/plain", {"Retry-After": self.retry_after})
        if path in ("/flaky", "/busy"):
            return self.send_json(handler, self.collection_page(self.features))
        if path == "/malformed":
            return self.send(
                handler, 200, b'{"type": "FeatureCollection", "features": [{"type": "Feat', "application/json"
            )
        if path == "/cut":
            body = json.dumps(self.collection_page(self.features)).encode()
            return self.send(handler, 200, body[:100], "application/geo+json", {"Content-Length": str(len(body))})
        if path == "/truncated":
            body = json.dumps(self.collection_page(self.features)).encode()
            return self.send(handler, 200, body[: len(body) // 2], "application/geo+json")
        if path == "/expired":
            return self.send(handler, 401, b"token expired", "text/plain", {"WWW-Authenticate": "Bearer"})
        if path == "/secured":
            if handler.headers.get("Authorization") != self.expected_auth:
                return self.send(handler, 401, b"no", "text/plain")
            return self.send_json(handler, self.collection_page(self.features))
        if path == "/geojson":
            since = query.get("updated_since")
            kept = [f for f in self.features if not since or f["properties"]["updated"] >= since]
            return self.send_json(handler, {"type": "FeatureCollection", "features": kept})
        return self.send(handler, 404, b"not found", "text/plain")

    def collection(self, handler, name, query):
        since = query.get("datetime", "").split("/")[0]
        kept = [f for f in self.features if not since or f["properties"]["updated"] >= since]
        limit = int(query.get("limit", self.page_size))
        limit = min(limit, self.page_size)
        offset = int(query.get("offset", 0))
        chunk = kept[offset : offset + limit]
        document = self.collection_page(chunk, matched=len(kept))
        more = offset + limit < len(kept)
        if name in ("patches", "cutpage", "liar", "short") and more:
            next_query = dict(query, offset=offset + limit)
            document["links"].append(
                {"rel": "next", "type": "application/geo+json", "href": "?" + urlencode(next_query)}
            )
        if name == "loop":
            document["links"].append({"rel": "next", "href": handler.path})
            document["numberMatched"] = 99
        if name == "liar":
            document["numberMatched"] = len(kept) + 3
        if name == "short":
            document["numberReturned"] = len(chunk) + 1
        if name == "cutpage" and offset > 0:
            body = json.dumps(document).encode()
            return self.send(
                handler, 200, body[: len(body) // 3], "application/geo+json", {"Content-Length": str(len(body))}
            )
        return self.send_json(handler, document)

    @staticmethod
    def collection_page(features, matched=None):
        document = {"type": "FeatureCollection", "features": features, "links": [], "numberReturned": len(features)}
        if matched is not None:
            document["numberMatched"] = matched
        return document

    def send_json(self, handler, document):
        self.send(handler, 200, json.dumps(document, ensure_ascii=False).encode("utf-8"), "application/geo+json")

    @staticmethod
    def send(handler, status, body, content_type, headers=None):
        headers = dict(headers or {})
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", headers.pop("Content-Length", str(len(body))))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.write(body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            return
        handler.close_connection = True


@pytest.fixture(name="service")
def service_fixture():
    running = Service()
    yield running
    running.close()
