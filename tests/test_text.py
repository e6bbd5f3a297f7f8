"""The text layer: offsets that always slice the original, normalization, sentences, clitic segments."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text import decode, normalize, normalize_key, sentences, tokenize, word_stem

ARABIC = "".join(map(chr, range(0x0600, 0x0700)))
NOISY = ARABIC + string.printable + "\u200b\u200c\u200d\u200e\u200f\u202b\u202c\ufeff\u0640ﻻﺑﺎ«»“”١٢٣۴۵…،؛؟"
texts = st.one_of(
    st.text(alphabet=NOISY, max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_tokens_and_segments_slice_the_original(text):
    for token in tokenize(text):
        assert text[token.start:token.end] == token.text
        segments = token.segments
        assert segments[0].start == token.start and segments[-1].end <= token.end
        for seg in segments:
            assert text[seg.start:seg.end] == seg.text
            assert token.start <= seg.start < seg.end <= token.end
        assert [s.start for s in segments] == sorted(s.start for s in segments)
        assert sum(s.role == "stem" for s in segments) == 1


@given(texts)
@settings(max_examples=300, deadline=None)
def test_sentences_are_ordered_trimmed_and_cover_all_words(text):
    spans = sentences(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
    covered = "".join(text[s.start:s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalization_maps_back(text):
    norm = normalize(text)
    assert norm.text == normalize_key(text)
    for i, char in enumerate(norm.text):
        start, end = norm.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
        # the original characters normalize to (a string containing) this character
        assert char in normalize_key(text[start:end])
    # a whole-text span maps to a span whose normalization is the whole normalized text
    if norm.text:
        start, end = norm.to_original(0, len(norm.text))
        assert normalize_key(text[start:end]) == norm.text


@given(st.text(alphabet=NOISY, max_size=200))
@settings(max_examples=200, deadline=None)
def test_a_substring_found_in_normalized_text_maps_to_matching_original(text):
    norm = normalize(text)
    for token in tokenize(norm.text):
        start, end = norm.to_original(token.start, token.end)
        assert normalize_key(text[start:end]) == token.text


def test_normalization_folds_variants():
    assert normalize_key("أسامة") == normalize_key("اسامه") == "اسامه"
    assert normalize_key("إلى") == normalize_key("الى")
    assert normalize_key("٢٠١٣ ۲۰۱۳") == "2013 2013"
    assert normalize_key("طرابــــلس") == "طرابلس"
    assert normalize_key("مُحَمَّد") == "محمد"
    assert normalize_key("a\u200fb\u200bc") == "abc"
    assert normalize_key("،؛؟«»") == ',;?""'
    assert normalize_key("ﻻ") == "لا"
    assert normalize("مدرسة", ta_marbuta=False).text == "مدرسة"


def test_normalized_span_maps_to_exact_original_offsets():
    text = "قالت مُصادر في طرابــلس ١٢ أغسطس"
    norm = normalize(text)
    i = norm.text.index("طرابلس")
    start, end = norm.to_original(i, i + len("طرابلس"))
    assert text[start:end] == "طرابــلس"
    i = norm.text.index("مصادر")
    start, end = norm.to_original(i, i + len("مصادر"))
    assert text[start:end] == "مُصادر"
    i = norm.text.index("12")
    assert text[slice(*norm.to_original(i, i + 2))] == "١٢"


def _segments(text, word):
    token = next(t for t in tokenize(text) if t.text == word)
    return [(s.text, s.role) for s in token.segments], token


def test_clitic_segmentation_on_the_seed_report(seed_text):
    segs, token = _segments(seed_text, "وبنغازي")
    assert segs == [("و", "proclitic"), ("بنغازي", "stem")]
    assert seed_text[token.stem.start:token.stem.end] == "بنغازي"
    assert _segments(seed_text, "والجنوب")[0] == [("و", "proclitic"), ("ال", "article"), ("جنوب", "stem")]
    assert _segments(seed_text, "للحكومة")[0] == [("ل", "proclitic"), ("ل", "article"), ("حكومة", "stem")]
    assert _segments("تمويل بالدولارات", "بالدولارات")[0] == [("ب", "proclitic"), ("ال", "article"),
                                                              ("دولارات", "stem")]
    assert _segments(seed_text, "لموريتانيا")[0] == [("ل", "proclitic"), ("موريتانيا", "stem")]
    assert _segments(seed_text, "واشنطن")[0] == [("واشنطن", "stem")]


def test_words_are_not_stripped_of_their_own_letters():
    for word in ["بريطانيا", "لبنان", "واشنطن", "فرنسا", "ليبيا", "وزير", "كما"]:
        assert [(s.text, s.role) for s in tokenize(word)[0].segments] == [(word, "stem")], word


def test_tokens_with_diacritics_tatweel_and_digits():
    tokens = tokenize("وَبِنْغَازِي ١٢٫٥ طرابـــلس، 3.5%")
    assert [t.text for t in tokens] == ["وَبِنْغَازِي", "١٢٫٥", "طرابـــلس", "،", "3.5", "%"]
    assert [t.kind for t in tokens] == ["word", "number", "word", "punct", "number", "punct"]
    assert tokens[0].stem.text == "بِنْغَازِي"


def test_sentence_split_of_news_text(seed_text):
    spans = [seed_text[s.start:s.end] for s in sentences(seed_text)]
    ends = [s for s in spans if s.endswith("بحسب الصحيفة.")]
    assert ends, "the sentence ending 'الصحيفة.' must be split from 'لكن'"
    assert any(s.startswith("لكن هذه التجربة") for s in spans)
    # the Arabic comma does not end a sentence; the quote “…” stays inside its sentence
    assert any("“في ليبيا انتهى" in s and "طرابلس." in s for s in spans)


def test_sentence_split_edge_cases():
    def split(text):
        return [text[s.start:s.end] for s in sentences(text)]

    assert split("ارتفع بنسبة 3.5 بالمائة. وقال الوزير") == ["ارتفع بنسبة 3.5 بالمائة.", "وقال الوزير"]
    assert split("قال «انتهى الأمر.» ثم غادر") == ["قال «انتهى الأمر.»", "ثم غادر"]
    assert split("زار د. محمد تونس. ثم عاد") == ["زار د. محمد تونس.", "ثم عاد"]
    assert split("الموقع jawharafm.net يقول") == ["الموقع jawharafm.net يقول"]
    assert split("هل حضر؟ نعم!") == ["هل حضر؟", "نعم!"]
    assert split("سطر أول\nسطر ثان") == ["سطر أول", "سطر ثان"]
    assert split("") == []


def test_decoding_of_encodings():
    arabic = "علمت بوابة افريقيا أن الولايات المتحدة تستعد"
    assert decode(arabic.encode("utf-8")) == arabic
    assert decode(b"\xef\xbb\xbf" + arabic.encode("utf-8")) == arabic
    assert decode(arabic.encode("utf-16")) == arabic
    assert decode(arabic.encode("cp1256")) == arabic
    assert decode(("x " + arabic).encode("utf-16-le")) == "x " + arabic


@pytest.mark.parametrize("word, stem", [("وللحكومة", "حكومه"), ("وبنغازي", "بنغازي"), ("بريطانيا", "بريطانيا"),
                                        ("الصحيفة", "صحيفه"), ("Reuters", "reuters")])
def test_word_stem_drops_clitics_and_normalizes(word, stem):
    assert word_stem(word) == stem
