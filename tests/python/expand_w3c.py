#!/usr/bin/env python3
"""Expand a Concord W3C export with pyld, offline, and print the result.

The only remote context the export names is the W3C one; it is served from
the copy the export writes next to itself (anno.jsonld), and any other URL
is refused, so the expansion proves the export needs no network.

Usage: python3 tests/python/expand_w3c.py EXPORT.jsonld > expanded.json
Needs: pip install PyLD
"""

import json
import sys
from pathlib import Path

from pyld import jsonld

ANNO = "http://www.w3.org/ns/anno.jsonld"


def main():
    export = Path(sys.argv[1])
    copy = json.loads((export.parent / "anno.jsonld").read_text(encoding="utf-8"))

    def offline(url, options=None):
        if url.rstrip("/") not in (ANNO, ANNO.replace("http:", "https:")):
            raise jsonld.JsonLdError(f"offline: refused to load {url}", "loading document failed")
        return {"contextUrl": None, "documentUrl": url, "document": copy}

    jsonld.set_document_loader(offline)
    doc = json.loads(export.read_text(encoding="utf-8"))
    json.dump(jsonld.expand(doc), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
