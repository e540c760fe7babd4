"""Safe XML reading for the CMF and Prüm formats: no DTD, no entities, bounded size, line numbers.

Built on the standard library's expat binding. Any document type declaration is refused before its
content is read, so entity expansion ("billion laughs"), external entities and external DTDs cannot
occur; undeclared entity references are expat errors. Elements keep their 1-based line and their local
name (namespace stripped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET  # writing only; reading goes through expat
from xml.parsers import expat

from jointdesk.dna.compute import ExportRefusedError

#: Default upper bound on an XML document (bytes or characters).
MAX_XML_SIZE = 32 * 1024 * 1024
_MAX_DEPTH = 32
#: Characters XML 1.0 cannot carry at all; refused on output rather than written as a broken document.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlRejected(Exception):
    """The document is malformed or unsafe; ``line`` is 1-based when known."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class Node:
    """One element: local tag, attributes (local names), children, text and line."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's own character data, stripped."""
        return "".join(self.parts).strip()

    def child(self, tag: str) -> Node | None:
        """The first child named ``tag``."""
        return next((node for node in self.children if node.tag == tag), None)

    def child_text(self, tag: str) -> str | None:
        """Text of the first child named ``tag``, ``None`` if absent or empty."""
        node = self.child(tag)
        return (node.text or None) if node is not None else None

    def named(self, tag: str) -> list[Node]:
        """All children named ``tag``."""
        return [node for node in self.children if node.tag == tag]


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


class _Builder:
    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.stack: list[Node] = []
        self.root: Node | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            raise XmlRejected(self.parser.CurrentLineNumber, f"elements nested deeper than {_MAX_DEPTH}")
        node = Node(_local(name), {_local(k): v for k, v in attrs.items()}, self.parser.CurrentLineNumber)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, _name: str) -> None:
        self.stack.pop()

    def chars(self, data: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(data)

    def refuse(self, *_args: object) -> None:
        raise XmlRejected(self.parser.CurrentLineNumber, "DTDs and entity declarations are refused")

    def refuse_external(self, *_args: object) -> int:
        raise XmlRejected(self.parser.CurrentLineNumber, "external entities are refused")


def _parser() -> tuple[expat.XMLParserType, _Builder]:
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = _Builder(parser)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.chars
    parser.StartDoctypeDeclHandler = builder.refuse
    parser.EntityDeclHandler = builder.refuse
    parser.UnparsedEntityDeclHandler = builder.refuse
    parser.ExternalEntityRefHandler = builder.refuse_external
    return parser, builder


def parse_xml(data: bytes | str, *, max_size: int = MAX_XML_SIZE) -> Node:
    """The root element of ``data``; raises :class:`XmlRejected` for oversized, malformed or unsafe XML."""
    if len(data) > max_size:
        raise XmlRejected(None, f"document larger than {max_size} bytes")
    parser, builder = _parser()
    try:
        parser.Parse(data.removeprefix("\ufeff") if isinstance(data, str) else data, True)
    except expat.ExpatError as exc:
        raise XmlRejected(exc.lineno, f"malformed XML: {expat.ErrorString(exc.code)}") from exc
    if builder.root is None:
        raise XmlRejected(None, "no root element")
    return builder.root


def to_xml(root: ET.Element) -> str:
    """Serialise an element tree with an XML declaration, indented, ``\\n`` line ends."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append a child element with optional text and attributes; refuses characters XML cannot carry."""
    for value in (text or "", *attrs.values()):
        if _NOT_XML.search(value):
            raise ExportRefusedError(f"{tag}: {value!r} holds characters XML 1.0 cannot carry")
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def parse_bool(value: str) -> bool | None:
    """An ``xsd:boolean`` (``true``/``false``/``1``/``0``, surrounding spaces allowed) or ``None``."""
    return {"true": True, "1": True, "false": False, "0": False}.get(value.strip())
