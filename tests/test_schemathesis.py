"""The REST API against its own OpenAPI schema: schemathesis generates valid and invalid requests
from /openapi.json and runs them in process (ASGI, no network) with all its checks: no server
error, documented status codes and content types, 422 bodies in the documented shape, responses
matching their schemas, valid requests accepted, invalid ones rejected, auth not ignored.

A fixed seed and a bounded number of cases per operation keep it deterministic and under a minute;
the store (SQLite, and PostgreSQL when a test server is given) holds a few incidents, and the
extractor is a fake (no NLP).
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

import schemathesis
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conflictwire.api import create_app
from conflictwire.store import Store
from storehelp import BACKENDS, PG_ENV, drop_db, fresh_db_url
from test_api import AUTH, TOKEN, fake_extract
from test_store import reports

# Cases per operation and phase; a deeper run: CONFLICTWIRE_SCHEMATHESIS_EXAMPLES=2000 pytest ...
MAX_EXAMPLES = int(os.environ.get("CONFLICTWIRE_SCHEMATHESIS_EXAMPLES", "100"))

CONFIG = {
    "seed": 20261206,
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    # Positive and negative cases; no example database, so every run tries the same cases.
    "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "database": "none"},
    "phases": {"stateful": {"enabled": False}},
}


def _app(backend: str):
    """The API over a throwaway store holding a few incidents (removed at exit)."""
    folder = tempfile.TemporaryDirectory(prefix="cw-schemathesis-")
    atexit.register(folder.cleanup)
    url = fresh_db_url(backend, Path(folder.name))
    store = Store(url)
    atexit.register(drop_db, url)
    atexit.register(store.close)
    for art, evs in reports():
        store.ingest(art, evs)
    return create_app(store, token=TOKEN, max_body=200_000, extractor=fake_extract)


# Built when the module is collected (schemathesis's fixture-based loader does not work with
# this pytest): SQLite always, PostgreSQL when a test server is given (as `make test` does).
CONFIG_ = schemathesis.Config.from_dict(CONFIG)
schema = schemathesis.pytest.parametrize(
    **{
        b: schemathesis.openapi.from_asgi("/openapi.json", _app(b), config=CONFIG_)
        for b in BACKENDS
        if b == "sqlite" or os.environ.get(PG_ENV)
    }
)


@schema
def test_api_conforms_to_its_schema(case):
    if case.method != "POST":
        case.call_and_validate(headers=AUTH)
        return
    # A body the schema allows may still hold no usable English report (the language check
    # cannot be written in JSON Schema): that one rejection is allowed, and only on `text`.
    response = case.call_and_validate(headers=AUTH, excluded_checks=[positive_data_acceptance])
    if response.status_code == 422 and case.meta.generation.mode == GenerationMode.POSITIVE:
        locs = [tuple(e["loc"]) for e in response.json()["detail"]]
        assert locs == [("body", "text")], (case.body, response.text)

