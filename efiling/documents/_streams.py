"""Bounded decoding of PDF stream filters, to measure what a stream unpacks to without ever
holding (or even producing) more than a fixed number of bytes.

qpdf and PDFium inflate a stream completely when asked for it: a 2.5 KB stream compressed twice
with Flate unpacks to 512 MiB. Here every stage stops as soon as its output passes the limit.
Only the generalized filters are decoded (Flate, LZW, RunLength, ASCIIHex, ASCII85); image codecs
(DCT, JPX, JBIG2, CCITT) end the chain, and image sizes are checked from their dimensions.
"""

from __future__ import annotations

import base64
import re
import zlib

CHUNK = 1024 * 1024


class TooLarge(Exception):
    """A stream unpacks to more than the limit."""


FLATE = {"/FlateDecode", "/Fl"}
LZW = {"/LZWDecode", "/LZW"}
RUN_LENGTH = {"/RunLengthDecode", "/RL"}
ASCII_HEX = {"/ASCIIHexDecode", "/AHx"}
ASCII_85 = {"/ASCII85Decode", "/A85"}
IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"}
PASS_THROUGH = {"/Crypt"}  # qpdf has already decrypted the data it hands us


def inflate(data: bytes, limit: int, *, keep: bool) -> tuple[bytes, int]:
    """Inflate `data` in chunks of at most CHUNK bytes; raise TooLarge past `limit` bytes.

    Returns the output (only if `keep`, else b"") and its size. Damaged data ends the output where
    the damage starts, as viewers do; the syntax check reports the damage itself.
    """
    decompressor = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    pending = data
    try:
        while True:
            out = decompressor.decompress(pending, CHUNK)
            size += len(out)
            if size > limit:
                raise TooLarge
            if keep:
                parts.append(out)
            pending = decompressor.unconsumed_tail
            if decompressor.eof or (not pending and len(out) < CHUNK):
                break
    except zlib.error:
        pass
    return b"".join(parts), size


def ascii_hex(data: bytes) -> bytes:
    end = data.find(b">")
    if end >= 0:
        data = data[:end]
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def ascii_85(data: bytes, limit: int) -> bytes:
    end = data.find(b"~>")
    if end >= 0:
        data = data[:end]
    data = re.sub(rb"\s", b"", data)
    if data.startswith(b"<~"):
        data = data[2:]
    zeros = data.count(b"z")
    if zeros * 4 + (len(data) - zeros) * 4 // 5 > limit:  # "z" stands for four zero bytes
        raise TooLarge
    try:
        return base64.a85decode(data)
    except ValueError:
        return b""


def run_length(data: bytes, limit: int, *, keep: bool) -> tuple[bytes, int]:
    out = bytearray()
    size = 0
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:  # end of data
            break
        if length < 128:
            piece = data[i + 1 : i + 2 + length]
            i += 2 + length
            add = len(piece)
        else:
            add = 257 - length
            piece = data[i + 1 : i + 2] * add if keep else b""
            i += 2
        size += add
        if size > limit:
            raise TooLarge
        if keep:
            out += piece
    return bytes(out), size


def lzw(data: bytes, limit: int, *, keep: bool, early_change: int = 1) -> tuple[bytes, int]:
    """Decode PDF LZW (codes of 9 to 12 bits, most significant bit first)."""
    base = [bytes([i]) for i in range(256)] + [b"", b""]  # 256 = clear table, 257 = end
    table = list(base)
    width = 9
    buffer = bits = 0
    previous: bytes | None = None
    parts: list[bytes] = []
    size = 0
    for byte in data:
        buffer = ((buffer << 8) | byte) & 0xFFFFFF
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table = list(base)
                width = 9
                previous = None
                continue
            if code == 257:
                return b"".join(parts), size
            if code < len(table):
                entry = table[code]
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
            elif code == len(table) and previous is not None:
                entry = previous + previous[:1]
                if len(table) < 4096:
                    table.append(entry)
            else:  # damaged data
                return b"".join(parts), size
            size += len(entry)
            if size > limit:
                raise TooLarge
            if keep:
                parts.append(entry)
            previous = entry
            width = min(12, (len(table) + early_change).bit_length())
    return b"".join(parts), size


def decoded_size(data: bytes, filters: list[str], parms: list, limit: int) -> int:
    """What `data` unpacks to through `filters` (names such as "/FlateDecode"), stopping at the
    first image codec or unknown filter. Raises TooLarge if any stage passes `limit` bytes."""
    size = len(data)
    for index, name in enumerate(filters):
        following = filters[index + 1] if index + 1 < len(filters) else None
        # The output of the last stage is only counted, never kept.
        keep = following is not None and following not in IMAGE_CODECS
        parm = parms[index] if index < len(parms) else None
        if name in FLATE:
            data, size = inflate(data, limit, keep=keep)
        elif name in LZW:
            early = 1
            if parm is not None and hasattr(parm, "get"):
                early = int(parm.get("/EarlyChange", 1))
            data, size = lzw(data, limit, keep=keep, early_change=early)
        elif name in RUN_LENGTH:
            data, size = run_length(data, limit, keep=keep)
        elif name in ASCII_HEX:
            data = ascii_hex(data)
            size = len(data)
        elif name in ASCII_85:
            data = ascii_85(data, limit)
            size = len(data)
        elif name in PASS_THROUGH:
            continue
        else:  # an image codec or a filter nobody can decode: the chain ends here
            break
        if size > limit:
            raise TooLarge
    return size
