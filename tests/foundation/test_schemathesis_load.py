"""schemathesis 4 loads the spec and can generate a request for every operation."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err, Ok

from tests.foundation.conftest import SPEC_PATH, all_operations, load_spec


def test_schemathesis_loads_every_operation() -> None:
    schema = schemathesis.openapi.from_path(str(SPEC_PATH))
    results = list(schema.get_all_operations())
    errors = [repr(r.err()) for r in results if isinstance(r, Err)]
    assert errors == []
    loaded_ops = [r.ok() for r in results if isinstance(r, Ok)]
    loaded = {(op.method.lower(), op.path) for op in loaded_ops}
    expected = {(method, path) for method, path, _ in all_operations(load_spec())}
    assert loaded == expected

    drawn: list[Any] = []
    for operation in loaded_ops:

        @settings(
            max_examples=1,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def draw(case: Any) -> None:
            drawn.append(case)

        draw()
    assert len(drawn) >= len(expected)
    for case in drawn:
        if case.method.upper() == "GET":
            assert not isinstance(case.body, list)  # a read takes query parameters only
            continue
        assert isinstance(case.body, list) and 1 <= len(case.body) <= 10000
