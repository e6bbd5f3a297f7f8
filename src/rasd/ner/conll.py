"""CoNLL files: the token-per-line format NER corpora are scored in (``rasd ner --conll``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def read(lines: Iterable[str]) -> Iterator[list[list[str]]]:
    """Sentences as lists of whitespace-split columns; a blank line ends a sentence."""
    sentence: list[list[str]] = []
    for line in lines:
        columns = line.split()
        if columns:
            sentence.append(columns)
        elif sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def tag_lines(lines: Iterable[str], tag_document: Callable[[list[list[str]]], list[list[str]]]) -> Iterator[str]:
    """``token<TAB>tag`` output lines for CoNLL input lines, every blank line kept. The whole input is read first:
    the tagger uses neighbouring sentences as document context."""
    layout: list[int] = []  # for each input line: -1 if blank, else the sentence it belongs to
    sentences: list[list[str]] = []
    in_sentence = False
    for line in lines:
        columns = line.split()
        if not columns:
            layout.append(-1)
            in_sentence = False
            continue
        if not in_sentence:
            sentences.append([])
            in_sentence = True
        sentences[-1].append(columns[0])
        layout.append(len(sentences) - 1)
    tags = tag_document(sentences)
    position = [0] * len(sentences)
    for index in layout:
        if index < 0:
            yield ""
            continue
        k = position[index]
        position[index] += 1
        yield f"{sentences[index][k]}\t{tags[index][k]}"
