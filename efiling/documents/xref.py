"""The cross-reference sections of a PDF, read from its raw bytes as qpdf reads them, and how
many objects its object streams pack: pure functions on bytes, no Django.

qpdf parses every object of an object stream as soon as one of them is needed (the page
tree's root, say), and keeps them all: 200,000 objects packed in a 2 MB stream cost a second
and 600 MB before any count can stop, and a 7 MB file packing a million took a worker to
858 MB. What qpdf parses is exactly what the cross-reference streams list as compressed
(type 2) entries, plus the number pairs at the head of each object stream (its /N). So
`packed_objects` reads the cross-reference sections the way qpdf finds them (each
`startxref` offset, then /Prev and /XRefStm), counts their compressed entries, and reads the
/N of each object stream they name from the object's own dictionary, at the offset the
section gives: comments, strings and nested dictionaries are parsed, not searched, so nothing
written inside them can hide a count (the probe's `<</N 1000000 %obj ...>>` did).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pikepdf

WHITESPACE = b" \t\r\n\f\0"
DELIMITERS = b"()<>[]{}/%"
MAX_OBJECT_BYTES = 4 * 1024 * 1024  # a dictionary read here ends within this many bytes
MAX_NESTING = 64
MAX_SECTIONS = 256  # cross-reference sections followed per file

_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REGULAR = re.compile(rb"[^ \t\r\n\f\0()<>\[\]{}/%]*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STRING_SPECIAL = re.compile(rb"[()\\]")
_SPACE = re.compile(rb"(?:[ \t\r\n\f\0]+|%[^\r\n]*)*")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,20})")


class Unparsable(ValueError):
    """The bytes at this place are not the PDF object expected."""


@dataclass(frozen=True)
class Ref:
    number: int
    generation: int


class Lexer:
    """Reads PDF objects from `data` starting at `position`: numbers, names (#xx decoded, as
    str with a leading slash), strings (bytes), arrays (lists), dictionaries (dicts keyed by
    name), references (Ref), booleans and null (None)."""

    def __init__(self, data, position: int) -> None:
        self.data = data
        self.position = position
        self.limit = min(len(data), position + MAX_OBJECT_BYTES)

    def skip_space(self) -> None:
        self.position = _SPACE.match(self.data, self.position, self.limit).end()

    def peek(self, text: bytes) -> bool:
        self.skip_space()
        return self.data[self.position : self.position + len(text)] == text

    def keyword(self) -> bytes:
        self.skip_space()
        match = _REGULAR.match(self.data, self.position, self.limit)
        self.position = match.end()
        return match.group()

    def value(self, depth: int = 0):
        if depth > MAX_NESTING:
            raise Unparsable("nested too deeply")
        self.skip_space()
        if self.position >= self.limit:
            raise Unparsable("the object does not end")
        head = self.data[self.position : self.position + 2]
        if head == b"<<":
            return self._dictionary(depth)
        first = head[:1]
        if first == b"[":
            self.position += 1
            items = []
            while not self.peek(b"]"):
                items.append(self.value(depth + 1))
            self.position += 1
            return self._references(items)
        if first == b"(":
            return self._literal_string()
        if first == b"<":
            end = self.data.find(b">", self.position, self.limit)
            if end < 0:
                raise Unparsable("a hex string does not end")
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", self.data[self.position + 1 : end])
            self.position = end + 1
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        if first == b"/":
            match = _REGULAR.match(self.data, self.position + 1, self.limit)
            self.position = match.end()
            return name(match.group())
        match = _NUMBER.match(self.data, self.position, self.limit)
        if match and match.end() == _REGULAR.match(self.data, self.position, self.limit).end():
            self.position = match.end()
            text = match.group()
            return float(text) if b"." in text else int(text)
        word = self.keyword()
        if word in (b"true", b"false"):
            return word == b"true"
        if word == b"null":
            return None
        if word == b"R":
            return word  # resolved by the container (see _references)
        raise Unparsable(f"unexpected {word[:20]!r}")

    def _literal_string(self) -> bytes:
        start, depth = self.position + 1, 1
        for match in _STRING_SPECIAL.finditer(self.data, start, self.limit):
            char = match.group()
            if self._escaped(match.start(), start):
                continue
            if char == b"(":
                depth += 1
            elif char == b")":
                depth -= 1
                if depth == 0:
                    self.position = match.end()
                    return bytes(self.data[start : match.start()])
        raise Unparsable("a string does not end")

    def _escaped(self, index: int, start: int) -> bool:
        """True if the character at `index` follows an odd number of backslashes (counted
        back to `start`, where the string's text begins)."""
        count = 0
        while index - count - 1 >= start and self.data[index - count - 1] == 0x5C:
            count += 1
        return count % 2 == 1

    def _dictionary(self, depth: int) -> dict:
        self.position += 2
        items: list = []
        while not self.peek(b">>"):
            items.append(self.value(depth + 1))
        self.position += 2
        items = self._references(items)
        if len(items) % 2:
            raise Unparsable("a dictionary key has no value")
        result = {}
        for key, value in zip(items[::2], items[1::2], strict=True):
            if not isinstance(key, str):
                raise Unparsable("a dictionary key is not a name")
            result[key] = value
        return result

    @staticmethod
    def _references(items: list) -> list:
        """Replace each `n g R` in a container's items by a Ref."""
        out: list = []
        for item in items:
            if item == b"R" and len(out) >= 2 and _integer(out[-1]) and _integer(out[-2]):
                generation, number = out.pop(), out.pop()
                out.append(Ref(number, generation))
            elif item == b"R":
                raise Unparsable("R without an object number")
            else:
                out.append(item)
        return out


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def name(raw: bytes) -> str:
    """A name token's bytes (after the slash) as pikepdf spells dictionary keys: #xx escapes
    decoded, bytes that are not UTF-8 kept as surrogates."""
    decoded = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), bytes(raw))
    return "/" + decoded.decode("utf-8", "surrogateescape")


def indirect_object(data, offset: int) -> tuple[int, object, int | None]:
    """(object number, value, where its stream data starts or None) of the object written at
    `offset` (`n g obj value [stream]`). Raises Unparsable."""
    lexer = Lexer(data, offset)
    number, generation = lexer.value(), lexer.value()
    if not (_integer(number) and _integer(generation)) or lexer.keyword() != b"obj":
        raise Unparsable("no object here")
    value = lexer.value()
    if isinstance(value, dict) and lexer.peek(b"stream"):
        start = lexer.position + len(b"stream")
        if data[start : start + 2] == b"\r\n":
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        return number, value, start
    return number, value, None


# --- Cross-reference sections ------------------------------------------------------------------


@dataclass
class Section:
    """One cross-reference section: a classic table (`rows` None) or a stream (its decoded
    rows, `widths` its /W, `index` its (first object, count) subsections)."""

    offset: int
    trailer: dict
    rows: bytes | None = None
    widths: tuple[int, int, int] = (0, 0, 0)
    index: tuple[tuple[int, int], ...] = ()
    table_end: int = 0  # a classic table: where its "trailer" keyword starts

    @property
    def row_length(self) -> int:
        return sum(self.widths)

    def compressed(self) -> int:
        """How many entries are compressed (type 2: an object inside an object stream)."""
        if self.rows is None or self.widths[0] == 0:
            return 0
        # The type's last byte is 2 (higher bytes of a wider type field are 0 in practice;
        # counting them anyway errs on the side of more).
        return self.rows[self.widths[0] - 1 :: self.row_length].count(2)

    def object_streams(self) -> set[int]:
        """The numbers of the object streams its compressed entries name."""
        if not self.compressed():
            return set()
        w0, w1, _ = self.widths
        step = self.row_length
        columns = [self.rows[w0 - 1 :: step]] + [self.rows[w0 + j :: step] for j in range(w1)]
        rows = set(zip(*columns, strict=False))  # the last row may be cut short
        return {int.from_bytes(bytes(row[1:]), "big") for row in rows if row[0] == 2}

    def entry(self, data, number: int) -> tuple[int, int] | None:
        """(type, offset or containing stream) of object `number` in this section."""
        if self.rows is None:
            return _table_entry(data, self.offset, self.table_end, number)
        position = 0
        for first, count in self.index:
            if first <= number < first + count:
                start = (position + number - first) * self.row_length
                row = self.rows[start : start + self.row_length]
                if len(row) < self.row_length:
                    return None
                w0, w1, _ = self.widths
                kind = int.from_bytes(row[:w0], "big") if w0 else 1
                return kind, int.from_bytes(row[w0 : w0 + w1], "big")
            position += count
        return None


_TABLE_ROW = re.compile(rb"(\d+)[ \t]+(\d+)(?:[ \t]+([nf]))?")
MAX_TABLE_ROWS = 2_000_000


def _table_entry(data, start: int, end: int, number: int) -> tuple[int, int] | None:
    """Object `number` in the classic table between `start` and `end`."""
    current = None
    for rows, match in enumerate(_TABLE_ROW.finditer(data, start + 4, end)):
        if rows > MAX_TABLE_ROWS:
            return None
        first, _generation, kind = match.groups()
        if kind is None:
            current = int(first)
            continue
        if current == number:
            return (1 if kind == b"n" else 0), int(first)
        if current is not None:
            current += 1
    return None


def _pikepdf(value):
    """A value read by the Lexer as a pikepdf object (for a stream's /Filter and /DecodeParms)."""
    if isinstance(value, str):
        return pikepdf.Name(value)
    if isinstance(value, list):
        return pikepdf.Array([_pikepdf(v) for v in value])
    if isinstance(value, dict):
        return pikepdf.Dictionary({k: _pikepdf(v) for k, v in value.items()})
    if isinstance(value, Ref):
        raise Unparsable("an indirect filter")
    return value


def _decoded(raw: bytes, stream: dict) -> bytes:
    """A stream's data decoded by qpdf (whose Flate output is capped for the process)."""
    scratch = pikepdf.new()
    holder = pikepdf.Stream(scratch, b"")
    parms = stream.get("/DecodeParms")
    holder.write(
        raw,
        filter=_pikepdf(stream.get("/Filter")) if stream.get("/Filter") else None,
        decode_parms=_pikepdf(parms) if parms else None,
    )
    return holder.read_bytes()


def section_at(data, offset: int) -> Section:
    """The cross-reference section at `offset`. Raises Unparsable (or pikepdf.PdfError)."""
    lexer = Lexer(data, offset)
    lexer.skip_space()
    if data[lexer.position : lexer.position + 4] == b"xref":
        end = data.find(b"trailer", lexer.position)
        if end < 0:
            raise Unparsable("a table without a trailer")
        trailer = Lexer(data, end + len(b"trailer")).value()
        if not isinstance(trailer, dict):
            raise Unparsable("the trailer is not a dictionary")
        return Section(offset=lexer.position, trailer=trailer, table_end=end)
    _, stream, start = indirect_object(data, lexer.position)
    if start is None or stream.get("/Type") != "/XRef":
        raise Unparsable("not a cross-reference stream")
    length = stream.get("/Length")
    end = start + length if _integer(length) else data.find(b"endstream", start)
    if end < start:
        raise Unparsable("the stream does not end")
    widths = stream.get("/W")
    if not (isinstance(widths, list) and len(widths) == 3 and all(map(_integer, widths))):
        raise Unparsable("no /W")
    index = stream.get("/Index", [0, stream.get("/Size")])
    if not (isinstance(index, list) and len(index) % 2 == 0 and all(map(_integer, index))):
        raise Unparsable("no /Index or /Size")
    pairs = tuple(zip(index[::2], index[1::2], strict=True))
    return Section(
        lexer.position, stream, _decoded(bytes(data[start:end]), stream), tuple(widths), pairs
    )


def sections(data, offsets: list[int]) -> list[Section]:
    """The sections reached from each of `offsets` (startxref values) through /Prev and
    /XRefStm, each once, in the order found; a section that cannot be read is left out."""
    found: list[Section] = []
    seen: set[int] = set()
    queue = list(reversed(offsets))
    while queue and len(seen) < MAX_SECTIONS:
        offset = queue.pop()
        if offset in seen or not 0 < offset < len(data):
            continue
        seen.add(offset)
        try:
            section = section_at(data, offset)
        except (Unparsable, pikepdf.PdfError, ValueError, TypeError):
            continue
        found.append(section)
        for key in ("/XRefStm", "/Prev"):
            following = section.trailer.get(key)
            if _integer(following):
                queue.append(following)
    return found


def _lookup(data, found: list[Section], number: int) -> int | None:
    """Where object `number` starts, by the first section (the newest) listing it."""
    for section in found:
        entry = section.entry(data, number)
        if entry is not None:
            kind, offset = entry
            return offset if kind == 1 else None
    return None


def _declared_count(data, found: list[Section], number: int) -> int:
    """The /N of object stream `number`, read from its own dictionary (0 if unreadable)."""
    offset = _lookup(data, found, number)
    if offset is None:
        return 0
    try:
        _, stream, _ = indirect_object(data, offset)
        count = stream.get("/N") if isinstance(stream, dict) else None
        if isinstance(count, Ref):
            target = _lookup(data, found, count.number)
            count = indirect_object(data, target)[1] if target is not None else None
    except Unparsable:
        return 0
    return count if _integer(count) else 0


def startxref_offsets(data, ends: list[int]) -> list[int]:
    """The `startxref` offsets qpdf reads: the last one of the file, and the last one before
    each of `ends` (the candidate ends of versions), within the final 1,024 bytes as qpdf
    looks."""
    offsets = []
    for end in [len(data), *reversed(ends)]:
        tail = max(0, end - 1024)
        matches = list(_STARTXREF.finditer(data, tail, end))
        if matches:
            offsets.append(int(matches[-1].group(1)))
    return offsets


def packed_objects(data, ends: list[int]) -> int | None:
    """How many objects qpdf would parse out of object streams: the larger of the compressed
    entries the cross-reference sections list and the counts (/N) the object streams they
    name declare. `ends` are where versions of the file may end (see revisions.py). None
    when no cross-reference section can be read (qpdf, without repairing, cannot either)."""
    found = sections(data, startxref_offsets(data, ends))
    if not found:
        return None
    compressed = sum(section.compressed() for section in found)
    streams: set[int] = set()
    for section in found:
        streams |= section.object_streams()
    declared = sum(_declared_count(data, found, number) for number in streams)
    return max(compressed, declared)
