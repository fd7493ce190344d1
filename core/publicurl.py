"""Links that users give the site to show others (evidence sources) must point at
the public web, as written: no user:pass@ (a link that reads as one site and opens
another), no loopback, private, link-local or reserved address (a link into the
reader's own network), no bidirectional controls (U+202E shows the address reversed).
Pure: no DNS look-up, the site never fetches these links."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan")


def public_url_problem(url: str) -> str | None:
    """Why ``url`` may not be shown as a link (in Arabic), or None if it may."""
    if BIDI_CONTROLS.search(url) or BIDI_CONTROLS.search(unquote(url)):
        return "الرابط يحوي محارف تحكم في اتجاه النص."
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "الرابط غير صالح."
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "الرابط يحوي اسم مستخدم أو كلمة مرور قبل العنوان."
    host = host.rstrip(".").lower()
    if not host:
        return "الرابط بلا عنوان موقع."
    if (
        host == "localhost"
        or host.endswith(LOCAL_SUFFIXES)
        or ("." not in host and ":" not in host)
    ):
        return "الرابط يشير إلى جهاز محلي أو شبكة داخلية."
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        return "الرابط يشير إلى عنوان محلي أو خاص."
    return None
