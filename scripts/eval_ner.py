"""Score the shipped NER model (``make eval-ner``): exact-span micro P/R/F1 and per type (conlleval rules).

Sets: ANERcorp test, and every other labelled CoNLL file under ../shared/data/ner (out-of-domain); training files
are skipped. Writes the "## NER" section of docs/evaluation.md and prints it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NER_DATA = ROOT / ".." / "shared" / "data" / "ner"
DOC = ROOT / "docs" / "evaluation.md"
sys.path.insert(0, str(ROOT / "src"))

from train_ner import read_conll  # noqa: E402

from rasd import ner  # noqa: E402


def labelled_sets() -> list[Path]:
    files = sorted(p for p in NER_DATA.rglob("*") if p.suffix in (".txt", ".conll") and p.name != "SOURCE.md")
    return [p for p in files if "train" not in p.name]


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float, int]]:
    """Label (and "ALL") -> (precision, recall, F1, gold count), exact spans."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        gs, ps = set(ner.chunks(g)), set(ner.chunks(p))
        for counter, spans in ((tp, gs & ps), (n_pred, ps), (n_gold, gs)):
            for *_, label in spans:
                counter[label] += 1
                counter["ALL"] += 1
    out = {}
    for label in [*ner.LABELS, "ALL"]:
        p = tp[label] / n_pred[label] if n_pred[label] else 0.0
        r = tp[label] / n_gold[label] if n_gold[label] else 0.0
        out[label] = (100 * p, 100 * r, 200 * p * r / (p + r) if p + r else 0.0, n_gold[label])
    return out


def main() -> None:
    recognizer = ner.load()
    lines = [
        "Command: `make eval-ner` (scripts/eval_ner.py). Exact-span micro precision/recall/F1 with the conlleval",
        "rules, on pre-tokenized CoNLL input (the path of `rasd ner --conll`: the whole file is tagged, neighbouring",
        "sentences serving as document context); corpora in `../shared/data/ner` (PERS read as PER).",
        "Model (`make train-ner`, ANERcorp train only): a CRF over clitic, affix, word-cluster (news, and 34 M",
        "words of bigram counts), gazetteer (places, person names, curated organizations/persons/other names) and",
        "word-frequency features; then three BiLSTM-CRFs, averaged, over the words' bigram vectors, characters,",
        "clitics and gazetteers and the CRF's jackknifed tag probabilities, with how the CRF labelled the other",
        "mentions of each stem in the document. Two rules follow: a gazetteer place between two places is a place (a",
        "list), and a mention's words repeated, untagged, within ten sentences get its label. How the choices were",
        "made, with the figures on held-out sixths of train, is in docs/ner.md; the test set is scored only by this",
        "script.", ""]
    for path in labelled_sets():
        sents = read_conll(path)
        pred = recognizer.tag_document([[w for w, _ in s] for s in sents])
        result = score([[t for _, t in s] for s in sents], pred)
        n_tokens = sum(map(len, sents))
        name = path.relative_to(NER_DATA).as_posix()
        lines += [f"### {name} ({len(sents):,} sentences, {n_tokens:,} tokens)", "",
                  "| type | precision | recall | F1 | gold mentions |", "|---|---:|---:|---:|---:|"]
        for label, (p, r, f, n) in result.items():
            shown = "**all (micro)**" if label == "ALL" else label
            lines.append(f"| {shown} | {p:.1f} | {r:.1f} | {f:.1f} | {n:,} |")
        lines.append("")
    section = "\n".join(lines)
    print(section)
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(r"(## NER\n).*?(?=\n## |\Z)", re.S)
    DOC.write_text(pattern.sub(lambda m: m.group(1) + "\n" + section, doc, count=1), encoding="utf-8")


if __name__ == "__main__":
    main()
