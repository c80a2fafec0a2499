"""The built front end (``/graph/static/``), compressed and revalidated instead of re-sent.

The viewer's script is ~700 kB of minified JavaScript, ~180 kB gzipped. A browser that accepts
gzip gets the gzipped copy (made once per file version, kept in memory); every answer carries an
ETag and ``Cache-Control: no-cache``, so a browser keeps its copy and asks again with
``If-None-Match``, and an unchanged file costs a body-less 304.
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

COMPRESSIBLE = frozenset({".js", ".css", ".html", ".json", ".map", ".svg", ".txt"})
"""Kinds of files worth compressing; others (images, fonts) are sent as they are."""

CACHE_CONTROL = "no-cache"
"""Keep it, but check with the hub (ETag) before using it again: a rebuilt script shows at once."""


class CompressedStaticFiles(StaticFiles):
    """Starlette's static files, gzipped for browsers that accept it, with revalidation."""

    def __init__(self, *, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)
        self._lock = threading.Lock()
        self._gzipped: dict[tuple[str, str], bytes] = {}

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = CACHE_CONTROL
        if not isinstance(response, FileResponse):  # 304, 404, ...
            return response
        response.headers["Vary"] = "Accept-Encoding"
        request = Headers(scope=scope)
        accepted = request.get("accept-encoding", "").lower()
        source = Path(response.path)
        if "gzip" not in accepted or source.suffix not in COMPRESSIBLE:
            return response
        identity_etag = response.headers.get("etag", "")
        etag = f'{identity_etag[:-1]}-gzip"' if identity_etag.endswith('"') else identity_etag
        headers = {
            "ETag": etag,
            "Cache-Control": CACHE_CONTROL,
            "Vary": "Accept-Encoding",
            "Content-Encoding": "gzip",
        }
        if "last-modified" in response.headers:
            headers["Last-Modified"] = response.headers["last-modified"]
        if etag and etag in request.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        body = await run_in_threadpool(self._gzip, source, identity_etag)
        return Response(body, media_type=response.media_type, headers=headers)

    def _gzip(self, source: Path, version: str) -> bytes:
        key = (str(source), version)
        with self._lock:
            cached = self._gzipped.get(key)
        if cached is None:
            cached = gzip.compress(source.read_bytes(), compresslevel=9, mtime=0)
            with self._lock:
                # One version per file: a rebuilt file replaces what was kept for the old one.
                for old in [k for k in self._gzipped if k[0] == key[0]]:
                    del self._gzipped[old]
                self._gzipped[key] = cached
        return cached
