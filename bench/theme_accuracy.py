"""Theme tagging accuracy against tests/gold/labels/themes.gold.json, and lead parsing accuracy.

    python -m bench.theme_accuracy [--json] [--show dev]

Per-theme precision/recall and micro-F1 on the dev and test splits separately,
beside a keyword-regex baseline (each theme's id words and label words as
regexes); tagging throughput (records/s with nlp.pipe) over all seed actions;
lead parsing accuracy on tests/gold/labels/leads.gold.json (cells exactly right).
Ofsted report records are stored as references into the shared corpus
(../shared/corpus/ofsted-reports); they are skipped when it is absent.
``--show dev`` lists the dev records the tagger gets wrong (never use it on test).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
# Kept in a sub-folder: bench.accuracy scores every tests/gold/*.gold.json as a seed sample.
THEMES_GOLD = GOLD_DIR / "labels" / "themes.gold.json"
LEADS_GOLD = GOLD_DIR / "labels" / "leads.gold.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-reports"
SEED_GOLDS = sorted(GOLD_DIR.glob("*.gold.json"))

_STOP = {"and", "of", "the", "in", "to", "for", "with", "a", "children", "child", "young", "people", "services", "service"}


def load_theme_gold(path: Path = THEMES_GOLD, corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """Gold records with their text; corpus references resolved (skipped when the corpus is absent)."""
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    cache: dict[str, list[dict[str, Any]]] = {}
    out = []
    for rec in records:
        if "text" not in rec:
            file = corpus / rec["corpus_file"]
            if not file.exists():
                continue
            if rec["corpus_file"] not in cache:
                cache[rec["corpus_file"]] = json.loads(file.read_text(encoding="utf-8")).get("recommendations") or []
            recs = cache[rec["corpus_file"]]
            index = rec.get("index")
            match = recs[index] if index is not None and index < len(recs) and recs[index].get("ref") == rec["ref"] else None
            match = match or next((r for r in recs if r.get("ref") == rec["ref"]), None)
            if match is None:
                continue
            rec = {**rec, "text": match["text"]}
        out.append(rec)
    return out


def corpus_available(corpus: Path = CORPUS) -> bool:
    return corpus.is_dir()


def score(predicted: list[list[str]], gold: list[list[str]]) -> dict[str, Any]:
    """Per-theme precision/recall/F1 (with gold support) and micro P/R/F1 over multi-label sets."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for pred, want in zip(predicted, gold):
        p, g = set(pred), set(want)
        for t in p & g:
            tp[t] += 1
        for t in p - g:
            fp[t] += 1
        for t in g - p:
            fn[t] += 1
    per_theme = {}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        prec = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        rec = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_theme[t] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3), "support": tp[t] + fn[t]}
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = TP / (TP + FP) if TP + FP else 0.0
    micro_r = TP / (TP + FN) if TP + FN else 0.0
    micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    return {
        "records": len(gold),
        "micro_precision": round(micro_p, 3),
        "micro_recall": round(micro_r, 3),
        "micro_f1": round(micro_f, 3),
        "per_theme": per_theme,
    }


def weak_themes(result: dict[str, Any], min_support: int = 3, min_recall: float = 0.6) -> dict[str, float]:
    return {t: m["recall"] for t, m in result["per_theme"].items() if m["support"] >= min_support and m["recall"] < min_recall}


def baseline_tagger(taxonomy) -> Callable[[list[str]], list[list[str]]]:
    """Keyword regexes: a theme fires when any word of its id or label occurs (word-initial, case-insensitive)."""
    regexes = {}
    for theme in taxonomy.themes:
        words = {w for w in re.findall(r"[a-z0-9]+", (theme.id.replace("_", " ") + " " + theme.label).lower())}
        words = sorted(w for w in words - _STOP if len(w) > 2 or w.isdigit())
        regexes[theme.id] = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")", re.I)

    def tag(texts: list[str]) -> list[list[str]]:
        return [[t for t, rx in regexes.items() if rx.search(text)] for text in texts]

    return tag


def seed_action_texts() -> list[str]:
    texts = []
    for path in SEED_GOLDS:
        texts += [a["action"] for a in json.loads(path.read_text(encoding="utf-8"))["actions"]]
    return texts


def throughput(tagger, texts: list[str], repeat: int = 3) -> dict[str, Any]:
    tagger.tag_texts(texts[:10])  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tagger.tag_texts(texts)
        best = min(best, time.perf_counter() - start)
    return {"records": len(texts), "seconds": round(best, 4), "records_per_s": round(len(texts) / best, 1)}


def lead_accuracy(path: Path = LEADS_GOLD) -> dict[str, Any]:
    from pipeline.leads import parse_leads

    gold = json.loads(path.read_text(encoding="utf-8"))["cells"]
    wrong = []
    for cell, want in gold.items():
        got = [{"name": lead.name, "kind": lead.kind} for lead in parse_leads(cell)]
        if got != want:
            wrong.append({"cell": cell, "want": want, "got": got})
    right = len(gold) - len(wrong)
    return {"cells": len(gold), "right": right, "accuracy": round(right / len(gold), 3) if gold else 0.0, "wrong": wrong}


def run(show: str | None = None) -> dict[str, Any]:
    from pipeline.taxonomy import load_taxonomy, taxonomy_path
    from pipeline.themes import ThemeTagger

    taxonomy = load_taxonomy(taxonomy_path())  # the one in force: a researcher's edited copy too
    tagger = ThemeTagger(taxonomy)
    baseline = baseline_tagger(taxonomy)
    records = load_theme_gold()
    out: dict[str, Any] = {"corpus_available": corpus_available(), "splits": {}}
    for split in ("dev", "test"):
        recs = [r for r in records if r["split"] == split]
        texts = [r["text"] for r in recs]
        gold = [r["themes"] for r in recs]
        tags = tagger.tag_texts(texts)
        predicted = [[t.theme for t in ts] for ts in tags]
        out["splits"][split] = {"tagger": score(predicted, gold), "baseline": score(baseline(texts), gold)}
        if show == split:
            out["splits"][split]["errors"] = [
                {"text": r["text"][:200], "gold": r["themes"], "got": [(t.theme, t.score, t.evidence) for t in ts]}
                for r, ts in zip(recs, tags)
                if set(r["themes"]) != {t.theme for t in ts}
            ]
    out["throughput"] = throughput(tagger, seed_action_texts())
    out["leads"] = lead_accuracy()
    return out


def _print(result: dict[str, Any]) -> None:
    if not result["corpus_available"]:
        print("note: ../shared/corpus absent: Ofsted report records skipped")
    for split, res in result["splits"].items():
        t, b = res["tagger"], res["baseline"]
        print(f"\n== {split}: {t['records']} records ==")
        print(f"tagger   micro P {t['micro_precision']:.3f} R {t['micro_recall']:.3f} F1 {t['micro_f1']:.3f}")
        print(f"baseline micro P {b['micro_precision']:.3f} R {b['micro_recall']:.3f} F1 {b['micro_f1']:.3f}")
        print(f"{'theme':24} {'sup':>4} {'P':>6} {'R':>6} {'F1':>6}   baseline F1")
        for theme, m in t["per_theme"].items():
            bm = b["per_theme"].get(theme, {"f1": 0.0})
            print(f"{theme:24} {m['support']:4d} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}   {bm['f1']:6.3f}")
        weak = weak_themes(t)
        print("themes with recall < 0.6 (support >= 3):", ", ".join(f"{k} {v:.2f}" for k, v in weak.items()) or "none")
        for err in res.get("errors", []):
            print(f"  - gold {err['gold']} got {err['got']}\n    {err['text']}")
    tp = result["throughput"]
    print(f"\nthroughput: {tp['records']} seed actions in {tp['seconds']:.3f}s = {tp['records_per_s']:.0f} records/s (nlp.pipe)")
    leads = result["leads"]
    print(f"leads: {leads['right']}/{leads['cells']} cells exactly right ({leads['accuracy']:.1%})")
    for w in leads["wrong"]:
        print(f"  - {w['cell']!r}\n    want {w['want']}\n    got  {w['got']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", choices=["dev"], help="list the dev records tagged wrongly (tuning aid)")
    args = parser.parse_args(argv)
    result = run(show=args.show)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)


if __name__ == "__main__":
    main()
