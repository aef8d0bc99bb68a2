"""Section 1: encode + decode of a links batch, generated models vs plain dicts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from hoko._transport import check_order
from hoko_client.models import Link, LinkUpsert

from benchmarks import data
from benchmarks.report import Report, Result, set_ratio
from benchmarks.timing import interleaved

SECTION = "1 codec"


def _stdlib_dumps(obj: Any) -> bytes:
    # Exactly what httpx does for `json=` (the generated client's path).
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def payloads(n: int) -> tuple[list[dict[str, Any]], bytes]:
    """A mixed upsert request (dicts) and the matching response body (bytes)."""
    collection_id = str(uuid.uuid4())
    partner_id = str(uuid.uuid4())
    ids = [str(uuid.uuid4()) for _ in range(n // 2)]
    items = data.mixed_batch(
        n, ids, collection_id=collection_id, partner_id=partner_id, tag="codec"
    )
    response = orjson.dumps([data.fake_link_response(item, i) for i, item in enumerate(items)])
    return items, response


def run(report: Report, *, n: int, runs: int) -> None:
    items, response = payloads(n)
    models = [LinkUpsert.from_dict(d) for d in items]

    def models_encode() -> bytes:
        return _stdlib_dumps([m.to_dict() for m in models])

    def models_decode() -> list[Link]:
        return [Link.from_dict(d) for d in json.loads(response)]

    def models_orjson_encode() -> bytes:
        return orjson.dumps([m.to_dict() for m in models])

    def models_orjson_decode() -> list[Link]:
        return [Link.from_dict(d) for d in orjson.loads(response)]

    def json_encode() -> bytes:
        return _stdlib_dumps(items)

    def json_decode() -> Any:
        return json.loads(response)

    def orjson_encode() -> bytes:
        return orjson.dumps(items)

    def orjson_decode() -> Any:
        return orjson.loads(response)

    decoded = orjson.loads(response)
    sent_ids = [d.get("id") for d in items]

    def order_check() -> None:
        check_order(sent_ids, decoded, None)

    # Sanity: the variants encode the same document (models spell UTC as +00:00, not Z).
    same = orjson.loads(orjson_encode().replace(b"59:00Z", b"59:00+00:00"))
    assert orjson.loads(models_encode()) == same
    assert len(models_decode()) == n

    variants = {
        "models+json": (models_encode, models_decode),
        "dicts+json": (json_encode, json_decode),
        "dicts+orjson": (orjson_encode, orjson_decode),
        "models+orjson": (models_orjson_encode, models_orjson_decode),
    }
    fns: dict[str, Callable[[], object]] = {}
    for key, (enc, dec) in variants.items():
        fns[f"{key} encode"] = enc
        fns[f"{key} decode"] = dec
    fns["order check"] = order_check
    samples = interleaved(fns, runs=runs, warmup=1)

    labels = {
        "models+json": "generated models, as the client does",
        "dicts+json": "plain dicts + stdlib json",
        "dicts+orjson": "plain dicts + orjson",
        "models+orjson": "generated models + orjson (info)",
    }
    results: dict[str, Result] = {}
    for key, label in labels.items():
        enc_ms = samples[f"{key} encode"]
        dec_ms = samples[f"{key} decode"]
        for op, vals in (
            ("encode", enc_ms),
            ("decode", dec_ms),
            ("encode+decode", [a + b for a, b in zip(enc_ms, dec_ms, strict=True)]),
        ):
            results[f"{key} {op}"] = report.add(
                Result(SECTION, f"{op} {n:,} links: {label}", "ms", vals)
            )
    # The client matches every result to its item's id (D6); its cost against one decode.
    check = report.add(
        Result(SECTION, f"order check of {n:,} results (hoko, D6)", "ms", samples["order check"])
    )
    set_ratio(check, results["dicts+orjson decode"])
    check.ratio_to = "orjson decode"
    for key in labels:
        for op in ("encode", "decode", "encode+decode"):
            set_ratio(results[f"{key} {op}"], results[f"dicts+orjson {op}"])
            results[f"{key} {op}"].ratio_to = "orjson"
