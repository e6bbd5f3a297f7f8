"""NER speed: rasd's two passes (a CRF, then a BiLSTM-CRF, both in numpy) versus a BERT-base token classifier on
the same sentences, in one run (``make bench``).

The baseline is transformers' ``BertForTokenClassification`` at BERT-base size (12 layers, hidden 768, 9 labels),
randomly initialized (the cost of a forward pass does not depend on the weights), torch CPU on one thread (rasd
runs on one core too; on a busy machine torch's multi-threading degrades badly, which would flatter rasd),
batch 32, max length 128 word pieces, batches padded to their longest sentence, and a WordPiece vocabulary trained
on the same texts. Its time includes word-piece tokenization and the forward pass, not decoding labels.
Truncation at 128 pieces only saves BERT work.

rasd is timed end to end on the same sentences: text layer (tokens, clitic segments), features, both passes and
building the entities, in one process on one core. Speeds are words (rasd tokens) per second.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from rasd import ner
from rasd.text import sentences, tokenize

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "jawhara_sample.jsonl"
N_SENTENCES = 640
BATCH = 32
MAX_LEN = 128
RASD_ROUNDS = 7


def load_sentences() -> list[str]:
    out = []
    for line in SAMPLE.open(encoding="utf-8"):
        text = json.loads(line)["text"]
        out.extend(text[s.start:s.end] for s in sentences(text))
    return out[:N_SENTENCES]


def bench_rasd(texts: list[str]) -> list[float]:
    """Seconds of each of RASD_ROUNDS passes over the texts (this machine's speed varies by a third from one to
    the next, so the best counts and the spread is shown)."""
    ner.load()
    times = []
    for _ in range(RASD_ROUNDS):
        t0 = time.perf_counter()
        for text in texts:
            ner.recognize(text)
        times.append(time.perf_counter() - t0)
    return times


def bench_bert(texts: list[str]) -> tuple[float, int]:
    import torch
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    wordpiece = BertWordPieceTokenizer(lowercase=False, strip_accents=False)
    wordpiece.train_from_iterator(texts, vocab_size=30522)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=wordpiece._tokenizer, unk_token="[UNK]", pad_token="[PAD]",
                                        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = BertForTokenClassification(BertConfig(vocab_size=30522, num_labels=9)).eval()

    def run(batch_texts):
        enc = tokenizer(batch_texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
        with torch.inference_mode():
            model(**enc).logits.argmax(-1)

    run(texts[:BATCH])  # warm-up
    t0 = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        run(texts[i:i + BATCH])
    return time.perf_counter() - t0, torch.get_num_threads()


def main() -> None:
    texts = load_sentences()
    words = sum(len(tokenize(t)) for t in texts)
    rasd_times = bench_rasd(texts)
    rasd_seconds = min(rasd_times)
    bert_seconds, threads = bench_bert(texts)
    rasd_speed, bert_speed = words / rasd_seconds, words / bert_seconds
    print(f"{len(texts)} sentences of the news sample, {words:,} words; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"rasd NER (CRF + BiLSTM-CRF, 1 process, best of {RASD_ROUNDS}) {rasd_speed:10,.0f} words/s "
          f"(slowest round {words / max(rasd_times):,.0f})")
    print(f"BERT-base token classifier (torch, {threads} thread) {bert_speed:11,.0f} words/s")
    print(f"ratio rasd / BERT-base: {rasd_speed / bert_speed:.1f}x")


if __name__ == "__main__":
    main()
