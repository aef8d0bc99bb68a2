"""`when_body_sent`: the callback runs once a sync transport has taken the whole request body,
after its last piece and not before; it runs once per time the body is taken, and streams a
sync transport cannot iterate are left alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
from hoko_client.types import when_body_sent


class Pieces(httpx.SyncByteStream):
    """A body in three pieces that records when it is closed."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from (b"[1,", b"2,", b"3]")

    def close(self) -> None:
        self.closed = True


def _request(stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> httpx.Request:
    return httpx.Request("PUT", "http://hoko.test/api/links", stream=stream)


def test_the_callback_runs_after_the_last_piece_and_not_before() -> None:
    events: list[str] = []
    request = _request(Pieces())
    when_body_sent(request, lambda: events.append("sent"))
    assert isinstance(request.stream, httpx.SyncByteStream)
    for piece in request.stream:
        events.append(piece.decode())
    assert events == ["[1,", "2,", "3]", "sent"]


def test_a_body_taken_only_in_part_is_not_sent() -> None:
    events: list[str] = []
    request = _request(Pieces())
    when_body_sent(request, lambda: events.append("sent"))
    assert isinstance(request.stream, httpx.SyncByteStream)
    pieces = iter(request.stream)
    next(pieces)
    next(pieces)
    assert events == []


def test_the_wrapped_body_still_closes_and_a_built_request_still_goes_out() -> None:
    inner = Pieces()
    request = _request(inner)
    when_body_sent(request, lambda: None)
    assert isinstance(request.stream, httpx.SyncByteStream)
    request.stream.close()
    assert inner.closed

    seen: list[bytes] = []

    def answer(req: httpx.Request) -> httpx.Response:
        seen.append(req.read())
        return httpx.Response(200, json=[])

    sent: list[int] = []
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        built = client.build_request("PUT", "http://hoko.test/api/links", content=b"[1,2]")
        when_body_sent(built, lambda: sent.append(1))
        assert client.send(built).status_code == 200
    assert seen == [b"[1,2]"]
    # MockTransport reads `request.content`, never the stream: the case the docstring leaves to
    # the caller (hoko and the CLI call back themselves once the transport returns).
    assert sent == []


def test_an_async_only_stream_is_left_alone() -> None:
    class AsyncPieces(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield b"[]"

    stream = AsyncPieces()
    request = _request(stream)
    when_body_sent(request, lambda: None)
    assert request.stream is stream


def test_a_body_either_kind_of_transport_takes_keeps_both_kinds() -> None:
    sent: list[str] = []
    request = _request(httpx.ByteStream(b"[1,2]"))
    when_body_sent(request, lambda: sent.append("sent"))
    stream = request.stream
    assert isinstance(stream, httpx.SyncByteStream)
    assert isinstance(stream, httpx.AsyncByteStream)

    async def take() -> bytes:
        parts = [part async for part in stream]  # as a sync-to-ASGI bridge takes it
        assert sent == ["sent"]
        return b"".join(parts)

    assert asyncio.run(take()) == b"[1,2]"
    assert b"".join(stream) == b"[1,2]"
    assert sent == ["sent", "sent"]


def test_a_sync_only_body_does_not_claim_to_be_async() -> None:
    request = _request(Pieces())
    when_body_sent(request, lambda: None)
    assert not isinstance(request.stream, httpx.AsyncByteStream)
