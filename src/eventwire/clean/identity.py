"""Stable article identity: the canonical URL when known, else a hash of the normalised text.

The same story is often fetched under several URLs (tracking parameters, ``www.``, a trailing
slash, a ``#comments`` fragment); normalising the URL makes those one article. ``content_hash``
recognises the same text published under two different URLs.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "cmp",
        "ocid",
        "smid",
        "smtyp",
        "spm",
        "share",
        "sh",
        "src",
        "sr_share",
        "at_medium",
        "at_campaign",
        "ito",
        "ns_mchannel",
        "ns_campaign",
        "ns_source",
        "ns_linkname",
        "ns_fee",
        "rss",
        "cid",
        "wt.mc_id",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ID_CHARS = 24


def normalize_url(url: str | None, base: str | None = None) -> str | None:
    """A canonical form of an http(s) URL, or None when ``url`` is not one.

    Lowercases scheme and host, drops ``www.``, default ports, the fragment, tracking
    parameters (``utm_*``, ``fbclid``...) and a trailing slash, and sorts the query.
    A relative ``url`` is resolved against ``base`` (the page's own URL).
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    host = host.removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _TRACKING_PARAMS and not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, host, "" if path == "/" else path, urlencode(sorted(query)), ""))


_FLATTENED = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


def normalize_text(text: str) -> str:
    """Text folded for comparison: case-folded, whitespace collapsed, quotes flattened."""
    text = text.casefold()
    for curly, straight in _FLATTENED:  # str.replace scans in C; translate looks up each char
        text = text.replace(curly, straight)
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """Hash of the normalised body: equal for the same text under two URLs."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """Stable id: ``u-`` + hash of the normalised URL when known, else ``h-`` + content hash."""
    canonical = normalize_url(url)
    if canonical is not None:
        return "u-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:_ID_CHARS]
    return "h-" + content_hash(text)[:_ID_CHARS]
