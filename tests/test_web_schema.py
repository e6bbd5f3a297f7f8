"""Property-based tests of the JSON API against its own OpenAPI document (schemathesis): no 500, every response
(errors included) conforms to the schema it declares."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from rasd.web import create_app
from tests.web_fixtures import make_db

OPERATIONS = ["GET /api/reports/{report_id}", "GET /api/events", "GET /api/events.geojson", "GET /api/timeline",
              "GET /api/search", "GET /api/stats"]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    app = create_app(make_db(tmp_path_factory.mktemp("schema") / "web.db"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_tested(api_schema):
    assert sorted(r.ok().label for r in api_schema.get_all_operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms_to_its_openapi_document(api_schema, label):
    operation = api_schema[label.split()[1]][label.split()[0]]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate()

    check()
