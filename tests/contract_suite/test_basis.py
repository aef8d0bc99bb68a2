"""Every guarantee rests on Hoko's docs or on one of our decisions, never both; every variant
departs from decisions that some decision guarantee checks."""

from __future__ import annotations

import re
from pathlib import Path

from hoko_contract import profile
from hoko_contract.guarantees import DECISION, DOCUMENTED, GUARANTEES, ContractViolation
from hoko_contract.mutation.variants import variants

REPO = Path(__file__).resolve().parents[2]
DECIDED = set(re.findall(r"^## (D\d+)\.", (REPO / "openapi/DECISIONS.md").read_text(), re.M))


def test_each_guarantee_has_one_basis_and_cites_it() -> None:
    for g in GUARANTEES:
        assert g.basis in (DOCUMENTED, DECISION), g.id
        if g.basis == DECISION:
            assert g.decisions and set(g.decisions) <= DECIDED, (g.id, g.cites)
        else:
            # a documented guarantee cites a passage, and no decision of ours
            assert re.search(r"seed|facts|docs/", g.cites), (g.id, g.cites)
            assert not re.search(r"\bD\d+\b", g.cites), (g.id, g.cites)


def test_every_variant_is_checked_by_a_decision_guarantee() -> None:
    found = variants()
    assert len(found) >= 20
    for v in found:
        assert v.decisions and set(v.decisions) <= DECIDED, v
        assert v.expected, f"{v.name}: no decision guarantee rests on {v.decisions}"
        assert v.allowed_by, v.name


def test_the_documented_profile_turns_a_decision_into_a_finding() -> None:
    try:
        profile.select("documented")
        kept = profile.divert(ContractViolation(["G30", "G18"], "got 400 (D8)"))
        assert kept is not None and kept.guarantees == ("G18",)
        assert profile.divert(ContractViolation("G30", "got 400 (D8)")) is None
        found = profile.findings_for("G30")
        assert [f.decisions for f in found] == [("D8",)] and sum(f.count for f in found) == 2
        profile.select("reference")
        v = ContractViolation("G30", "got 400 (D8)")
        assert profile.divert(v) is v and not profile.findings_for("G30")
    finally:
        profile.select("reference")
