"""Rebuild the bundled English lemma table used by pipeline.themes.

    python -m bench.build_lemmas

Needs spacy-lookups-data (a build-time tool only, ~99 MB): it initialises a
``spacy.blank("en")`` pipeline with a lookup lemmatizer, which loads the
``lemma_lookup`` table from spacy-lookups-data, and writes just that table as
gzipped JSON (~0.2 MB) to ``pipeline/nlp/en_lemma_lookup.json.gz``. At run time
pipeline.themes loads that file, so tagging needs nothing downloaded or
installed beyond spaCy itself.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import spacy
import srsly

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "nlp" / "en_lemma_lookup.json.gz"


def build(out: Path = OUT) -> Path:
    # The table exactly as the lookup lemmatizer's nlp.initialize() would load it
    # (spacy.lookups.load_lookups reads the same registry entry, but keeps only hashes).
    tables = spacy.util.registry.lookups.get("en")
    source = Path(tables["lemma_lookup"])
    data = srsly.read_json(source) if source.exists() else srsly.read_gzip_json(f"{source}.gz")
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    # mtime=0: the same table gives byte-identical output.
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(payload)
    return out


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {path.name}: {path.stat().st_size} bytes")
