"""The one error shape of every non-2xx response (D26, D27), and the exception that carries it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.responses import Response

# Bounded so a 10,000-item batch of bad items cannot produce a huge error body.
MAX_DETAILS = 20


class Detail:
    """One entry of `details`: which item (index) and which field (dotted path) failed."""

    __slots__ = ("field", "index", "message")

    def __init__(self, index: int | None, field: str | None, message: str) -> None:
        self.index = index
        self.field = field
        self.message = message

    def as_json(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message}


class ApiError(Exception):
    """Raised anywhere in request handling; rendered by `error_response`."""

    def __init__(
        self,
        status: int,
        en: str,
        ar: str,
        *,
        details: Sequence[Detail] = (),
        missing_scopes: Sequence[str] | None = None,
        retry_after: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {en}")
        self.status = status
        self.en = en
        self.ar = ar
        self.details = list(details)[:MAX_DETAILS]
        self.missing_scopes = list(missing_scopes) if missing_scopes is not None else None
        self.retry_after = retry_after
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": {"en": self.en, "ar": self.ar}}
        if self.missing_scopes is not None:
            out["missingScopes"] = self.missing_scopes
        if self.retry_after is not None:
            out["retryAfter"] = self.retry_after
        if self.details:
            out["details"] = [d.as_json() for d in self.details]
        return out


def error_response(err: ApiError, extra_headers: Mapping[str, str] | None = None) -> Response:
    headers = dict(err.headers)
    if extra_headers:
        headers.update(extra_headers)
    return Response(
        orjson.dumps(err.body()),
        status_code=err.status,
        headers=headers,
        media_type="application/json",
    )


def invalid(details: Sequence[Detail], message: tuple[str, str] | None = None) -> ApiError:
    """A 400 naming the failing items (D26)."""
    en, ar = message or INVALID_BODY
    return ApiError(400, en, ar, details=details)


# The bilingual messages, English and Arabic.
INVALID_BODY = ("Invalid request body", "نص الطلب غير صالح")
INVALID_QUERY = ("Invalid query parameters", "معاملات الاستعلام غير صالحة")
INVALID_KEY = ("Invalid or missing API key", "مفتاح API غير صالح أو مفقود")
MISSING_SCOPES = ("Missing required scopes", "الصلاحيات المطلوبة مفقودة")
PLAN_FEATURE = ("Your plan does not include this feature", "خطتك لا تتضمن هذه الميزة")
PLAN_CAP = ("Batch exceeds your plan's limit", "الدفعة تتجاوز حد خطتك")
RATE_LIMITED = ("Rate limit exceeded", "تم تجاوز حد المعدل")
TOO_LARGE = ("Request body too large", "حجم الطلب كبير جدا")
NOT_FOUND = ("Not found", "غير موجود")
METHOD_NOT_ALLOWED = ("Method not allowed", "الطريقة غير مسموح بها")
INTERNAL = ("Internal server error", "خطأ داخلي في الخادم")
DUPLICATE_ID = ("The same id appears twice in the batch", "المعرّف نفسه مكرر في الدفعة")
UNKNOWN_ID = ("Unknown id in your workspace", "معرّف غير موجود في مساحة عملك")
UNKNOWN_REFERENCE = (
    "Referenced collection or partner not found in your workspace",
    "المجموعة أو الشريك المشار إليه غير موجود في مساحة عملك",
)
DUPLICATE_EXTERNAL_ID = ("Duplicate externalId", "المعرّف الخارجي مكرر")
