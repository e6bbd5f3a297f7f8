"""Training of the NER second pass (an ensemble of BiLSTM-CRFs, see rasd.ner.network) in torch, and its export to
numpy.

Used by scripts/train_ner.py; torch comes from the ``train`` extra only (torch==2.13.0, CPU build). The word
vectors stay frozen, so a word unseen in ANERcorp keeps a vector in the same space as the words the tagger learned
from.
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np
import torch
from torch import nn

from rasd.ner.network import CATEGORIES, VECTOR_SCALE, Network, WordEncoder

CHAR_DIM, CHAR_FILTERS, CATEGORY_DIM, ARTICLE_DIM, HIDDEN = 32, 64, 8, 4, 128
DROPOUT, LEARNING_RATE, BATCH, EPOCHS, MEMBERS = 0.5, 2e-3, 16, 20, 3
_job: dict = {}  # what forked workers train on: set before they start, read by _train_member


class Tagger(nn.Module):
    """The network of rasd.ner.network with dropout and the CRF's negative log-likelihood."""

    def __init__(self, vectors: np.ndarray, encoder: WordEncoder, context_size: int, labels: int):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)
        self.char_embedding = nn.Embedding(len(encoder.char_ids) + 2, CHAR_DIM, padding_idx=0)
        self.char_conv = nn.Conv1d(CHAR_DIM, CHAR_FILTERS, 3, padding=1)
        self.category_embeddings = nn.ModuleList([nn.Embedding(len(encoder.category_ids[k]) + 1, CATEGORY_DIM)
                                                  for k in CATEGORIES])
        self.article_embedding = nn.Embedding(2, ARTICLE_DIM)
        self.gazetteers = len(encoder.gazetteer_ids)
        size = 2 * vectors.shape[1] + CHAR_FILTERS + len(CATEGORIES) * CATEGORY_DIM + ARTICLE_DIM + self.gazetteers
        self.dropout = nn.Dropout(DROPOUT)
        self.lstm = nn.LSTM(size + context_size, HIDDEN, batch_first=True, bidirectional=True)
        self.output = nn.Linear(2 * HIDDEN, labels)
        self.transitions = nn.Parameter(torch.zeros(labels, labels))

    def emissions(self, vector_ids, chars, categories, gazetteers, context, mask):
        batch, steps, length = chars.shape
        c = self.char_embedding(chars.view(batch * steps, length)).transpose(1, 2)
        c = torch.relu(self.char_conv(c)).masked_fill((chars.view(batch * steps, 1, length) == 0), float("-inf"))
        c = c.max(2).values.clamp(min=0).view(batch, steps, -1)  # a padding word (no chars) gives zeros
        embedded = [m(categories[:, :, i]) for i, m in enumerate(self.category_embeddings)]
        x = torch.cat([self.embedding(vector_ids[:, :, 0]), self.embedding(vector_ids[:, :, 1]), c, *embedded,
                       self.article_embedding(categories[:, :, -1]), gazetteers, context], -1)
        packed = nn.utils.rnn.pack_padded_sequence(self.dropout(x), mask.sum(1), batch_first=True,
                                                   enforce_sorted=False)
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=steps)
        return self.output(self.dropout(hidden))

    def loss(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Negative log-likelihood of the gold tags under a linear-chain CRF with transitions only (as crfsuite's,
        decoded by rasd.ner.crf)."""
        score = emissions[:, 0].gather(1, tags[:, :1]).squeeze(1)
        alpha = emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            on = mask[:, t]
            step = self.transitions[tags[:, t - 1], tags[:, t]] + emissions[:, t].gather(1, tags[:, t:t + 1]).squeeze(1)
            score = score + step * on
            following = torch.logsumexp(alpha.unsqueeze(2) + self.transitions + emissions[:, t].unsqueeze(1), dim=1)
            alpha = torch.where(on.unsqueeze(1), following, alpha)
        return (torch.logsumexp(alpha, dim=1) - score).sum()


class _Batches:
    """Padded tensors of sentences, with the words' encodings computed once."""

    def __init__(self, encoder: WordEncoder, words: set[str]):
        self.encoded = {w: encoder.encode(w) for w in words}
        rows = sorted({r for e in self.encoded.values() for r in e[:2] if r >= 0})
        self.vector_id = {r: i + 1 for i, r in enumerate(rows)}  # 0: no vector
        stored = encoder.vectors.rows[rows].astype(np.float32) / VECTOR_SCALE
        self.vectors = np.vstack([np.zeros((1, encoder.vectors.rows.shape[1]), np.float32), stored])
        self.gazetteers = len(encoder.gazetteer_ids)

    def batch(self, sentences: list[list[str]], contexts: list[np.ndarray], tags: list[list[int]]):
        size, steps = len(sentences), max(len(s) for s in sentences)
        length = max(len(self.encoded[w][2]) for s in sentences for w in s)
        vector_ids = torch.zeros(size, steps, 2, dtype=torch.long)
        chars = torch.zeros(size, steps, length, dtype=torch.long)
        categories = torch.zeros(size, steps, len(CATEGORIES) + 1, dtype=torch.long)
        gazetteers = torch.zeros(size, steps, self.gazetteers)
        context = torch.zeros(size, steps, contexts[0].shape[1])
        tag_ids = torch.zeros(size, steps, dtype=torch.long)
        mask = torch.zeros(size, steps, dtype=torch.bool)
        for b, (words, ctx, sentence_tags) in enumerate(zip(sentences, contexts, tags)):
            for i, word in enumerate(words):
                word_row, stem_row, word_chars, word_categories, word_gazetteers = self.encoded[word]
                vector_ids[b, i, 0] = self.vector_id.get(word_row, 0)
                vector_ids[b, i, 1] = self.vector_id.get(stem_row, 0)
                chars[b, i, :len(word_chars)] = torch.tensor(word_chars)
                categories[b, i] = torch.tensor(word_categories)
                gazetteers[b, i, word_gazetteers] = 1.0
            context[b, :len(words)] = torch.from_numpy(ctx)
            tag_ids[b, :len(words)] = torch.tensor(sentence_tags)
            mask[b, :len(words)] = True
        return (vector_ids, chars, categories, gazetteers, context, mask), tag_ids


def train(sentences: list[list[str]], contexts: list[np.ndarray], gold: list[list[str]], encoder: WordEncoder,
          labels: list[str], members: int = MEMBERS, log=print) -> Network:
    """Fit ``members`` networks (seeds 1, 2, ...) on non-empty sentences with their per-token context inputs, all at
    once in worker processes of one thread each; return their ensemble in numpy, checked against torch."""
    batches = _Batches(encoder, {w for s in sentences for w in s})
    label_ids = {t: i for i, t in enumerate(labels)}
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    prepared = [batches.batch([sentences[i] for i in chunk], [contexts[i] for i in chunk],
                              [[label_ids[t] for t in gold[i]] for i in chunk])
                for chunk in (order[k:k + BATCH] for k in range(0, len(order), BATCH))]
    sample = order[-BATCH:]  # the longest sentences, to check the export on
    check, _ = batches.batch([sentences[i] for i in sample], [contexts[i] for i in sample],
                             [[0] * len(sentences[i]) for i in sample])
    _job.update(batches=batches, prepared=prepared, check=check, context_size=contexts[0].shape[1],
                labels=len(labels), encoder=encoder, log=log)
    with ProcessPoolExecutor(max_workers=members, mp_context=get_context("fork")) as pool:
        trained = list(pool.map(_train_member, range(1, members + 1)))
    _job.clear()
    weights = {k: np.stack([w[k] for w, _ in trained]) for k in trained[0][0] if k != "context_size"}
    network = Network({**weights, "context_size": np.array(contexts[0].shape[1])}, encoder, labels)
    expected = np.mean([e for _, e in trained], axis=0)
    actual = network.emissions([sentences[i] for i in sample], [contexts[i] for i in sample])
    gap = max(float(np.abs(a - e[:len(a)]).max()) for a, e in zip(actual, expected))
    if gap > 1e-3:
        raise AssertionError(f"the numpy network differs from torch by {gap}")
    log(f"ensemble of {members} exported to numpy, largest difference from torch: {gap:.1e}")
    return network


def _train_member(seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """One network of the ensemble, from random start ``seed``: its weights, and its emissions on the check batch."""
    torch.set_num_threads(1)
    random.seed(seed)
    torch.manual_seed(seed)
    prepared, log = list(_job["prepared"]), _job["log"]
    model = Tagger(_job["batches"].vectors, _job["encoder"], _job["context_size"], _job["labels"])
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=LEARNING_RATE)
    model.train()
    for epoch in range(EPOCHS):
        started, total = time.time(), 0.0
        random.shuffle(prepared)
        for inputs, tags in prepared:
            optimizer.zero_grad()
            loss = model.loss(model.emissions(*inputs), tags, inputs[-1])
            (loss / inputs[-1].sum()).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            total += loss.item()
        log(f"network {seed}, epoch {epoch + 1}/{EPOCHS}: loss {total:.0f} ({time.time() - started:.0f}s)")
    model.eval()
    with torch.no_grad():
        expected = model.emissions(*_job["check"]).numpy()
    return export(model, _job["context_size"]), expected


def export(model: Tagger, context_size: int) -> dict[str, np.ndarray]:
    """The weights under the names rasd.ner.network reads."""
    def array(t: torch.Tensor) -> np.ndarray:
        return t.detach().numpy().astype(np.float32)

    lstm = model.lstm
    conv = model.char_conv.weight.detach()  # (filters, chars, 3) -> (3 * chars, filters), window-major
    out = {
        "char_embedding": array(model.char_embedding.weight),
        "char_conv": array(conv.permute(2, 1, 0).reshape(-1, conv.shape[0])),
        "char_conv_b": array(model.char_conv.bias),
        "article_embedding": array(model.article_embedding.weight),
        "forward_w_ih": array(lstm.weight_ih_l0), "forward_w_hh": array(lstm.weight_hh_l0),
        "forward_b": array(lstm.bias_ih_l0 + lstm.bias_hh_l0),
        "backward_w_ih": array(lstm.weight_ih_l0_reverse), "backward_w_hh": array(lstm.weight_hh_l0_reverse),
        "backward_b": array(lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse),
        "output": array(model.output.weight), "output_b": array(model.output.bias),
        "transitions": array(model.transitions),
        "context_size": np.array(context_size),
    }
    for name, embedding in zip(CATEGORIES, model.category_embeddings):
        out[f"{name}_embedding"] = array(embedding.weight)
    return out
