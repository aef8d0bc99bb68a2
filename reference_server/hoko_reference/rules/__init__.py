"""Every rule of the reference server, by name: the one seam where a fault or a variant
replaces (or wraps) a rule.

Each attribute of `Rules` is a rule's default implementation, defined in the module named after
what it decides; the server calls rules only through a `Rules` instance. `Rules.replacing()`
gives a copy with some rules swapped, which is how `create_app(faults=...)` binds faults in
(hoko_reference.faults). The production path has no other switch.

    where is ...                        module
    the check order (D15)               rules/order.py, the steps in pipeline.py
    the API key and scopes (D1, D16)    rules/auth.py
    the body: type, size, JSON (D18)    rules/body.py
    item schemas and details (D26)      rules/schema.py
    batch bounds, plan caps and gates   rules/limits.py (caps are `x-plans` in the spec)
    duplicate/unknown ids, references,  rules/identity.py
    externalId, workspace isolation
    partial update, utm merge, geo      rules/merge.py
    timestamps (D9, D24)                rules/stamps.py
    short codes                         storage/ids.py
    status and answers (D5, D6, D23)    rules/answers.py
    rate-limit headers, the 429 (D17)   rules/ratelimit.py (the counting: ratelimit.py)
    404/405 (D27)                       rules/routing.py
    the auxiliary read GET (D36)        rules/reads.py (the query: reads.py)
    the auxiliary DELETE (D29, D37)     rules/deletes.py (the transaction: deletes.py)
    atomic batches (D4)                 rules/transactions.py
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from .. import pipeline
from ..storage import ids
from . import (
    answers,
    auth,
    body,
    deletes,
    identity,
    limits,
    merge,
    order,
    ratelimit,
    reads,
    routing,
    schema,
    stamps,
    transactions,
)


class Rules:
    # D15: the order of the checks, and the checks themselves
    check_order = staticmethod(order.check_order)
    step_authenticate = staticmethod(pipeline.step_authenticate)
    step_authorize = staticmethod(pipeline.step_authorize)
    step_rate_limit = staticmethod(pipeline.step_rate_limit)
    step_body = staticmethod(pipeline.step_body)
    # D1, D16, D32
    extract_key = staticmethod(auth.extract_key)
    authenticate = staticmethod(auth.authenticate)
    missing_scopes = staticmethod(auth.missing_scopes)
    scope_error = staticmethod(auth.scope_error)
    # D17, D34
    rate_limit_headers = staticmethod(ratelimit.rate_limit_headers)
    rate_limited_error = staticmethod(ratelimit.rate_limited_error)
    # D18, D33
    check_content_type = staticmethod(body.check_content_type)
    bad_body = staticmethod(body.bad_body)
    body_too_large = staticmethod(body.body_too_large)
    parse_json_array = staticmethod(body.parse_json_array)
    # D7, D8, D18, D21, D22
    check_batch_size = staticmethod(limits.check_batch_size)
    check_items = staticmethod(schema.check_items)
    check_plan_gates = staticmethod(limits.check_plan_gates)
    # D3, D14, D29
    normalize_ids = staticmethod(identity.normalize_ids)
    check_duplicate_ids = staticmethod(identity.check_duplicate_ids)
    id_scope = staticmethod(identity.id_scope)
    check_unknown_ids = staticmethod(identity.check_unknown_ids)
    reference_scope = staticmethod(identity.reference_scope)
    check_references = staticmethod(identity.check_references)
    check_external_ids_in_batch = staticmethod(identity.check_external_ids_in_batch)
    external_id_scope = staticmethod(identity.external_id_scope)
    check_external_ids_free = staticmethod(identity.check_external_ids_free)
    # D4
    write_atomically = staticmethod(transactions.write_atomically)
    # D10-D13
    apply_fields = staticmethod(merge.apply_fields)
    apply_link_fields = staticmethod(merge.apply_link_fields)
    merge_utm = staticmethod(merge.merge_utm)
    replace_geo = staticmethod(merge.replace_geo)
    # D9, D24
    timestamp_text = staticmethod(stamps.timestamp_text)
    stamp_create = staticmethod(stamps.stamp_create)
    stamp_update = staticmethod(stamps.stamp_update)
    # server-made fields
    short_codes = staticmethod(ids.random_codes)
    # D5, D6, D23, D27
    success_status = staticmethod(answers.success_status)
    link_answers = staticmethod(answers.link_answers)
    record_answers = staticmethod(answers.record_answers)
    route_error = staticmethod(routing.route_error)
    # D36: the auxiliary read; D37: the auxiliary delete
    read_check_order = staticmethod(reads.read_check_order)
    read_params = staticmethod(reads.read_params)
    check_delete_ids = staticmethod(deletes.check_delete_ids)

    @classmethod
    def names(cls) -> list[str]:
        return [n for n, v in vars(cls).items() if isinstance(v, staticmethod)]

    def replacing(self, replacements: Mapping[str, Callable[..., Any]]) -> Rules:
        """A copy in which each named rule is the given function."""
        unknown = sorted(set(replacements) - set(self.names()))
        if unknown:
            raise KeyError(f"no such rule: {', '.join(unknown)}")
        rules = copy.copy(self)
        for name, fn in replacements.items():
            setattr(rules, name, fn)
        return rules


__all__ = ["Rules"]
