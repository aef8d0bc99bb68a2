"""G9: a link with no utm key set answers `utm: null` (or leaves it out), never `{}`.

Found by the kill matrix (proxy fault `proxy-utm-null-as-empty-object`): the state model reads
`{}` and null alike, so a server answering `{}` passed. D10 says link responses carry "an object of
the keys that are set, or null when none is"; clients test `utm is None`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api


def _no_utm(obj: dict[str, Any], when: str) -> None:
    if obj.get("utm") is not None:
        raise ContractViolation(
            "G9", f"{when}: utm is {obj['utm']!r}; with no key set it must be null (D10)"
        )


@pytest.mark.guarantee("G9")
def test_no_utm_reads_null(api: Api, key: str, make: Factory) -> None:
    plain, tagged = make.links(2)
    _no_utm(plain, "a link created without utm")
    _no_utm(api.ok("upsertLinks", [{"id": plain["id"]}], key=key)[0], "its read-back")

    set_one = api.ok("upsertLinks", [{"id": tagged["id"], "utm": {"source": "x"}}], key=key)[0]
    if set_one.get("utm") != {"source": "x"}:
        raise ContractViolation("G9", f"utm.source set, response utm {set_one.get('utm')!r}")
    last_key_cleared = api.ok(
        "upsertLinks", [{"id": tagged["id"], "utm": {"source": None}}], key=key
    )[0]
    _no_utm(last_key_cleared, "after clearing the only utm key")
    api.ok("upsertLinks", [{"id": tagged["id"], "utm": {"medium": "m"}}], key=key)
    _no_utm(api.ok("upsertLinks", [{"id": tagged["id"], "utm": None}], key=key)[0], "utm: null")
