"""A pyld document loader that never reaches the network: the W3C annotation context
from the copy in api/contexts/, the extension context from ``fetch_extension`` (the
tests pass one that asks the app itself)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .jsonld import ANNO_CONTEXT

ANNO_COPY = Path(__file__).with_name("contexts") / "anno.jsonld"


def anno_context() -> dict[str, Any]:
    return json.loads(ANNO_COPY.read_text(encoding="utf-8"))


def offline_loader(
    extension_iri: str, fetch_extension: Callable[[], dict[str, Any]]
) -> Callable[[str, dict], dict[str, Any]]:
    def load(url: str, options: dict | None = None) -> dict[str, Any]:
        if url.rstrip("/") == ANNO_CONTEXT:
            document = anno_context()
        elif url == extension_iri:
            document = fetch_extension()
        else:
            raise LookupError(f"no offline copy of {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load
