"""Helpers for the tests of the news formats and of ``watch``: the fixture files, WARC archives
built with warcio, and a feed server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FORMATS = Path(__file__).resolve().parent / "data" / "formats"

PAGE = """<html><head><title>{title}</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1><p>{text}</p></article><footer>Copyright</footer></body></html>"""
KIRKUK = ("Gunmen attacked a police checkpoint near Kirkuk in Iraq on Monday, killing two "
          "officers and wounding three others, a security source said.")  # fmt: skip
MOSUL = ("Troops clashed with militants in the desert west of Mosul on Sunday, killing five of "
         "them, the army said in a statement.")  # fmt: skip


def warc_bytes(gzip: bool = True) -> bytes:
    """A small news WARC: a request, a 200 HTML response (no date in the page: WARC-Date), a
    redirect, a JPEG, a page with no article, a second HTML response; records 1 to 6."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)

    def response(uri: str, status: str, ctype: str, body: bytes, day: str) -> None:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                        http_headers=http,
                                        warc_headers_dict={"WARC-Date": day})  # fmt: skip
        writer.write_record(rec)

    req = StatusAndHeaders("GET /iraq/kirkuk HTTP/1.1", [("Host", "news.example")],
                           is_http_request=True)  # fmt: skip
    writer.write_record(writer.create_warc_record(
        "https://news.example/iraq/kirkuk", "request", payload=io.BytesIO(b""), http_headers=req))
    html = "text/html; charset=utf-8"
    page = PAGE.format(title="Gunmen kill two police officers", text=KIRKUK).encode()
    response("https://news.example/iraq/kirkuk", "200 OK", html, page, "2019-08-12T10:00:00Z")
    response("https://news.example/old", "301 Moved Permanently", html, b"moved",
             "2019-08-12T10:00:01Z")  # fmt: skip
    response("https://news.example/photo.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff" * 40,
             "2019-08-12T10:00:02Z")  # fmt: skip
    response("https://news.example/", "200 OK", html,
             b"<html><body><nav><a href='/a'>Home</a> <a href='/b'>World</a></nav></body></html>",
             "2019-08-12T10:00:03Z")  # fmt: skip
    page = PAGE.format(title="Troops clash with militants near Mosul", text=MOSUL).encode()
    response("https://news.example/iraq/mosul", "200 OK", html, page, "2016-12-18T04:00:00Z")
    return buf.getvalue()


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (a feed that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while in the block; the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
