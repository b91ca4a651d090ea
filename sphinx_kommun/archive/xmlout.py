"""XML written the same way every time.

Elements are built with their prefixed names as written (``mets:file``) and the
namespace declarations as plain attributes on the root, so no prefix is ever
invented and no process-wide namespace registry is touched. ElementTree keeps
attributes in the order they are set; :func:`serialise` indents and ends with a
newline, so two writes of the same tree are the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree as ET

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XLINK = "http://www.w3.org/1999/xlink"

# Characters XML 1.0 cannot carry at all; a memo's text could hold one.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def element(parent: ET.Element | None, tag: str, text: str = "", **attributes: str) -> ET.Element:
    """A child of ``parent`` (or a root), with text and attributes.

    An attribute whose value is empty is left out, so optional values need no
    test at each call. ``xlink_href`` stands for ``xlink:href`` and so on: a
    keyword's first ``_`` is the prefix's colon.
    """
    attrib = {_name(key): clean(value) for key, value in attributes.items() if value}
    node = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text:
        node.text = clean(text)
    return node


def document(
    tag: str,
    path: str,
    namespaces: dict[str, str],
    schemas: dict[str, str],
    **attributes: str,
) -> ET.Element:
    """The root element of the package's document at ``path`` (from the package root).

    ``namespaces`` maps prefixes ("" for the default) to URIs; ``schemas`` maps
    namespaces to schema files, which ``xsi:schemaLocation`` finds in the package's
    own ``schemas/`` folder, so the package can be validated offline from itself.
    """
    up = "../" * path.count("/")
    declared = {f"xmlns_{prefix}" if prefix else "xmlns": uri for prefix, uri in namespaces.items()}
    location = " ".join(f"{namespace} {up}schemas/{name}" for namespace, name in schemas.items())
    return element(None, tag, **declared, xmlns_xsi=XSI, xsi_schemaLocation=location, **attributes)


def optional(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
    """A child with text, or nothing where the text is empty."""
    if text:
        element(parent, tag, text, **attributes)


def serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def timestamp(moment: dt.datetime) -> str:
    """An ``xs:dateTime`` with its zone, to the second: "2025-03-12T10:00:00+00:00"."""
    return moment.isoformat(timespec="seconds")


def day(date: dt.date) -> str:
    """A calendar date as an ``xs:dateTime``: midnight, with no zone of its own."""
    return f"{date.isoformat()}T00:00:00"


def _name(key: str) -> str:
    prefix, sep, rest = key.partition("_")
    if sep and prefix in ("xlink", "xsi", "xmlns", "csip"):
        return f"{prefix}:{rest}"
    return key
