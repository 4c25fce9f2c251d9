"""A fuzz of the API from its own OpenAPI schema (schemathesis): for every operation, a
bounded number of generated requests; no answer may be a 5xx or break the schema
(status, content type, body). The app runs in-process over a small corpus of hand-made
records, so no analysis is slow enough to matter."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from queries_corpus import CORPUS  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimgraph.app import create_app  # noqa: E402
from claimgraph.store import Store  # noqa: E402

EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _app() -> Any:
    db = Path(tempfile.mkdtemp(prefix="claimgraph-fuzz-")) / "fuzz.db"
    with Store.open(str(db)) as store:
        for analysis in CORPUS:
            store.add_analysis(analysis)
    return create_app(str(db), allow_ingest=True)


APP = _app()
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_every_answer_fits_the_schema(case: Any, nlp: Any) -> None:
    case.call_and_validate(checks=CHECKS)
