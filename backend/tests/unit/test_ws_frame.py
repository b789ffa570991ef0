"""`engine.ws_frame`: the frame written to every recipient of a room emit must be byte for byte
what aiohttp would have written for that socket (uncompressed, unmasked), for every length form."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp._websocket.writer import WebSocketWriter
from aiohttp.http_websocket import WSMsgType
from engineio import packet as eio_packet

from interview_sim.transport.engine import ws_frame


class Captured:
    """A transport that keeps what is written."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data += bytes(data)

    def is_closing(self) -> bool:
        return False


async def aiohttp_frame(message: bytes, opcode: int) -> bytes:
    transport = Captured()
    writer = WebSocketWriter(protocol=None, transport=transport)  # type: ignore[arg-type]
    await writer.send_frame(message, opcode)
    return transport.data


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65535, 65536, 200_000])
async def test_text_frames_match_aiohttp(size: int) -> None:
    pkt: Any = eio_packet.Packet(eio_packet.MESSAGE, "x" * size)
    assert ws_frame(pkt) == await aiohttp_frame(pkt.encode().encode(), WSMsgType.TEXT)


async def test_non_ascii_text_is_framed_by_its_utf8_length() -> None:
    pkt: Any = eio_packet.Packet(eio_packet.MESSAGE, "é" * 100)  # 200 bytes: the 2-byte length form
    assert ws_frame(pkt) == await aiohttp_frame(pkt.encode().encode(), WSMsgType.TEXT)


async def test_binary_packets_are_binary_frames() -> None:
    pkt: Any = eio_packet.Packet(eio_packet.MESSAGE, b"\x00\x01" * 100)
    assert ws_frame(pkt) == await aiohttp_frame(b"\x00\x01" * 100, WSMsgType.BINARY)


def test_a_packet_is_framed_once_for_all_its_recipients() -> None:
    pkt: Any = eio_packet.Packet(eio_packet.MESSAGE, "hello")
    assert ws_frame(pkt) is ws_frame(pkt)
