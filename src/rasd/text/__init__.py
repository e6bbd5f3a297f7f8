"""The Arabic text layer every stage builds on: decoding, normalization with an offset map, sentences, and
tokens with clitic segments — all at original offsets."""

from rasd.text.decoding import DecodeError, decode
from rasd.text.normalize import Normalized, normalize, normalize_key
from rasd.text.sentences import Sentence, sentences
from rasd.text.tokens import Segment, Token, tokenize, word_stem

__all__ = [
    "DecodeError", "Normalized", "Segment", "Sentence", "Token",
    "decode", "normalize", "normalize_key", "sentences", "tokenize", "word_stem",
]
