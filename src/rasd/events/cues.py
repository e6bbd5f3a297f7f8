"""Modality and attribution cues, and the stretch of a sentence each one governs.

Modality: "تستعد / تعتزم / من المتوقع" make what follows in the clause *planned*, "لم / نفى / لا صحة" *denied*,
"قد + imperfect / في حال / إمكانية" *hypothetical*. Attribution: a reporting verb ("قالت مصادر ل«بوابة افريقيا» إن")
governs what follows it in the sentence; a phrase ("بحسب الصحيفة", "وفق ما أوردته وكالة ... نقلا عن ...") the
sentence it closes. Chains are innermost source first; "وأضافت المصادر" continues the previous chain.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rasd.events.actors import ActorMatch
from rasd.events.lexicon import canonical, verb_forms
from rasd.model import Actor, Attribution
from rasd.text import Token, normalize_key


def _set(*words: str) -> frozenset[str]:
    return frozenset(canonical(w) for w in words)


def _verbs(*pairs: str) -> frozenset[str]:
    out: set[str] = set()
    for pair in pairs:
        past, imperfect = pair.split("/")
        out |= verb_forms(past, imperfect)
    return frozenset(out)


# --- modality -------------------------------------------------------------------------------------------------------

PLANNED = _verbs("استعد/يستعد", "اعتزم/يعتزم", "خطط/يخطط", "نوى/ينوي", "سعى/يسعى", "هدد/يهدد", "توعد/يتوعد",
                 "قرر/يقرر") | _set(
    "ستقوم", "سيقوم", "سوف", "المقرر", "المتوقع", "مرتقب", "مرتقبة", "بصدد", "سيتم", "ستتم", "ستنظم", "سينظم",
    "سينفذ", "ستنفذ", "سيتبعون", "سيرسل", "سترسل", "سينشر", "ستنشر", "ستعيد", "سيعيد", "ستشن", "سيشن", "استعداد",
    "تخطيط", "خطة", "للقيام", "تعهد", "تعهدت", "يسمح", "تستعد", "تعتزم")
PLANNED_SENTENCE = _set("غدا", "المقبل", "المقبلة", "القادم", "القادمة")
DENIAL = _verbs("نفى/ينفي") | _set("عدم", "دون", "نفي", "تكذيب", "كذب", "كذبت")
NEGATION = _set("لم", "لن", "لا", "ليس", "ليست", "ما")
HYPOTHETICAL = _set("ربما", "حال", "حالة", "صورة", "إمكانية", "امكانية", "احتمال", "إذا", "اذا", "لو", "لمنع", "منع",
                    "محتمل", "محتملة", "مخاوف", "خشية", "تحذير", "حذر", "حذرت")
LIKELY = _set("محتمل", "محتملة")
CONDITIONAL = _set("صورة", "حال", "إذا", "اذا")
_PAST_T = _set("تم", "تمت", "تمكن", "تمكنت", "تعرض", "تعرضت", "تبادل", "تبادلت", "تسبب", "تسببت", "توفي", "تواصل")


def modality(tokens: list[Token], keys: list[frozenset[str]], first: int, last: int, start: int, end: int,
             boundaries: set[int]) -> str:
    """Modality of the trigger ``tokens[start:end]`` in the sentence ``tokens[first:last]`` (``keys``: of each
    token)."""
    clause = start
    while clause > first and clause not in boundaries:
        clause -= 1
    # next to the trigger: negation, قد + imperfect, "محتمل"
    for j in range(max(first, start - 2), start):
        if keys[j] & NEGATION:
            return "denied"
        if "قد" in keys[j] and _imperfect(tokens[j + 1]):
            return "hypothetical"
    for j in range(end, min(last, end + 3)):
        if "قد" in keys[j] and j + 1 < last and _imperfect(tokens[j + 1]):
            return "hypothetical"
        if keys[j] & LIKELY:
            return "hypothetical"
    found = None
    for j in range(clause, start):
        if keys[j] & DENIAL:
            found = "denied"
        elif keys[j] & HYPOTHETICAL:
            found = found or "hypothetical"
        elif keys[j] & PLANNED:
            found = found or "planned"
    if found:
        return found
    head = normalize_key(tokens[start].text)
    if head.startswith(("س", "وس", "فس")) and "س" + head.lstrip("وف")[1:] != head.lstrip("وف") and \
            _imperfect_word(head.lstrip("وف")[1:]):
        return "planned"
    if any(keys[j] & PLANNED_SENTENCE for j in range(first, last)):
        return "planned"
    if any(keys[j] & CONDITIONAL for j in range(end, min(last, end + 8))):
        return "hypothetical"
    return "asserted"


def _imperfect(token: Token) -> bool:
    return _imperfect_word(normalize_key(token.text))


def _imperfect_word(word: str) -> bool:
    return len(word) > 2 and (word[0] == "ي" or (word[0] in "تن" and word not in _PAST_T))


# --- attribution ----------------------------------------------------------------------------------------------------

REPORTING = _verbs("قال/يقول", "أكد/يؤكد", "أفاد/يفيد", "كشف/يكشف", "أعلن/يعلن", "أضاف/يضيف", "أوضح/يوضح",
                   "أشار/يشير", "صرح/يصرح", "نقل/ينقل", "أورد/يورد", "علم/يعلم", "تابع/يتابع", "أبلغ/يبلغ",
                   "اعترف/يعترف", "ذكر/يذكر", "أفادت/تفيد", "جاء/يجيء") - _set("يذكر", "تابع", "تذكر")
CONTINUING = _verbs("أضاف/يضيف", "تابع/يتابع", "أوضح/يوضح", "أشار/يشير", "أكد/يؤكد")
PREPOSITIONAL = _set("بحسب", "حسب", "حسبما", "وفق", "وفقا", "نقلا", "طبقا", "نقلته", "أوردته", "افادت")
_REPORTED = _verbs("أورد/يورد", "أفاد/يفيد", "نقل/ينقل", "أكد/يؤكد", "كشف/يكشف", "ذكر/يذكر", "صرح/يصرح",
                   "أعلن/يعلن", "قال/يقول", "أوردت/تورد") | _set(
    "أوردته", "افادت", "اكدته", "اكده", "كشفته", "نقلته", "ذكرته", "صرح", "أفادنا", "افادنا", "أفاد", "ما", "عنه",
    "به", "عن", "عنها", "له", "لها", "اليوم", "امس", "ل")
_STOP = _set("أن", "إن", "ان", "بأن", "بان", "أنه", "إنه", "انه", "أنها", "إنها", "انها", "في", "على", "عن", "إلى",
             "الى", "اليوم", "امس", "أمس", "منذ", "خلال", "بعد", "قبل", "حول", "ارتفاع", "عن", "وذلك")
TIME_WORDS = _set("اليوم", "أمس", "امس", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
                  "صباح", "مساء", "فجر", "الماضي", "الماضية", "الجاري", "منذ", "قليل", "في", "بيان", "لها", "له")
KIND_OF_HEAD = {
    **dict.fromkeys(_set("مصدر", "مصادر", "شهود", "أوساط", "مصادرمطلعة"), "anonymous"),
    **dict.fromkeys(_set("وكالة", "صحيفة", "جريدة", "قناة", "موقع", "تلفزيون", "إذاعة", "وسائل", "شبكة", "مراسل",
                         "موقعها", "مجلة"), "outlet"),
    **dict.fromkeys(_set("بيان", "بلاغ", "تقرير", "وثيقة", "نص", "بيانات", "المعاينة"), "document"),
    **dict.fromkeys(_set("مسؤول", "مسؤولون", "مسؤولين", "مسؤولان", "مسؤولا", "ناطق", "متحدث", "المتحدثة", "وزير",
                         "وزيرة", "وزارة", "رئيس", "رئيسة", "القيادة", "قيادة", "مكتب", "النيابة", "الادعاء", "السلطات",
                         "والي", "محافظ", "قائد", "آمر", "مدير", "كاتب", "لجنة", "الشرطة", "الجيش", "الحكومة",
                         "الرئاسة", "الحرس", "المدعي", "مدعي", "أمين", "معتمد", "عميد", "ضابط"), "official"),
    **dict.fromkeys(_set("منظمة", "هيئة", "جمعية", "نقابة", "اتحاد", "مرصد", "المرصد", "الرابطة", "رابطة", "حركة",
                         "حزب", "المنظمة"), "organization"),
    **dict.fromkeys(_set("عضو", "ناشط", "ناشطة", "الناشط", "الناشطة", "المواطن", "المواطنة", "خبير", "الخبير",
                         "محلل", "المحلل", "شاهد"), "person"),
}
CORRESPONDENT = _set("مراسل", "مراسلة", "مراسلنا", "مراسلها")
THAT = _set("أن", "إن", "ان", "بأن", "بان", "أنه", "إنه", "انه", "أنها", "إنها", "انها")
SAME = _set("نفس", "ذات", "نفسه", "نفسها", "ذاته", "ذاتها")
GOING_ON = _set("كما", "فيما")  # a sentence opening with these goes on with the previous sentence's source
KIND_OF_ACTOR = {"media": "outlet", "international": "organization", "political": "organization",
                 "armed_group": "organization", "state": "official", "military": "official", "government": "official",
                 "police": "official", "civilians": "person", "person": "person", "other": "organization"}
ANAPHORIC = _set("مصادر", "مصدر", "صحيفة", "وكالة", "وزارة", "بيان", "متحدث", "مراسل", "قناة", "موقع", "المنظمة",
                 "منظمة", "الجيش", "لجنة")
CUE_WORDS = REPORTING | PREPOSITIONAL
AFTER_MA = _set("ما", "حسبما", "كما")
ISSUED = _set("صادر", "صادرة")


@dataclass
class Source:
    start: int  # token indices
    end: int
    kind: str
    actor: Actor | None = None


@dataclass
class Cue:
    at: int  # token index of the cue
    verbal: bool  # a reporting verb (governs what follows) or a phrase (governs the sentence it closes)
    chain: list[Source]


class Attributor:
    """Reporting cues of a report and their chains, found sentence by sentence (the chain carries over)."""

    def __init__(self, text: str, tokens: list[Token], keys: list[frozenset[str]], actors: list[ActorMatch],
                 people: list[tuple[int, int]]):
        self.text = text
        self.tokens = tokens
        self.keys = keys
        self.actor_at = {a.start: a for a in actors}
        self.person_at = dict(people)
        self.previous: list[Source] = []
        self.last_named: dict[str, Actor] = {}  # source kind -> the last dictionary actor of that kind
        self.cue_at = [i for i, k in enumerate(keys) if not CUE_WORDS.isdisjoint(k)]

    def cues(self, first: int, last: int) -> list[Cue]:
        out = []
        if first < last and self.keys[first] & GOING_ON and self.previous:
            out.append(Cue(first, True, list(self.previous)))
        free = first
        for i in self.cue_at[bisect_left(self.cue_at, first):bisect_left(self.cue_at, last)]:
            if i < free:
                continue
            keys = self.keys[i]
            after_ma = i > first and self.keys[i - 1] & AFTER_MA
            if keys & REPORTING and self.tokens[i].kind == "word" and not after_ma:
                cue = self._verbal(i, last)
                if cue:
                    out.append(cue)
                    self.previous = cue.chain
            elif keys & PREPOSITIONAL or (keys & REPORTING and after_ma):
                cue, end = self._phrase(i, last)
                if cue:
                    out.append(cue)
                    self.previous = cue.chain
                    free = end
        return out

    def spans(self, chain: list[Source]) -> list[Attribution]:
        toks = self.tokens
        return [Attribution.of(self.text, toks[s.start].start, toks[s.end - 1].end, kind=s.kind, actor=s.actor)
                for s in chain]

    def _verbal(self, i: int, last: int) -> Cue | None:
        """"قالت مصادر مطلعة ل«بوابة افريقيا» إن ...", "وأضافت المصادر أن ...", "وأكدت أن ..."."""
        continuing = bool(self.keys[i] & CONTINUING)
        # وأضاف "...": the same speaker goes on (but «بوابة افريقيا» is a quoted name)
        quoted = continuing and i + 2 < last and self.tokens[i + 1].text in '"“«' and i + 2 not in self.actor_at
        source, j = (None, i + 1) if quoted else self._noun_phrase(i + 1, last)
        if source is None:
            return Cue(i, True, list(self.previous)) if continuing and self.previous else None
        return Cue(i, True, self._chain(source, j, last, continuing))

    def _phrase(self, i: int, last: int) -> tuple[Cue | None, int]:
        """"بحسب الصحيفة", "وفق ما أوردته وكالة ... نقلا عن ...", "على ما افادت نيويورك تايمز"."""
        j = i + 1
        addressee = None
        while j < last and j - i < 6:
            addressee, k = self._addressee(j, last)
            if addressee:  # "وفق ما صرح به للجوهرة أف أم عضو المرصد ..."
                j = k
                break
            if not (self.keys[j] & _REPORTED or self.tokens[j].kind == "punct"):
                break
            j += 1
        source, j = self._noun_phrase(j, last)
        if source is None:
            return None, i + 1
        chain = self._chain(source, j, last, continuing=True)
        if addressee and len(chain) == 1:
            chain.append(addressee)
        return Cue(i, False, chain), max(j, chain[-1].end)

    def _chain(self, source: Source, j: int, last: int, continuing: bool) -> list[Source]:
        """The chain of ``source`` ending at token ``j``: "... نقلا عن X" inside it, "ل«outlet»" around it, or the
        outer part of the previous chain when the source refers back to the previous one ("المصادر نفسها")."""
        chain = [source]
        if j + 1 < last and "نقلا" in self.keys[j]:
            inner, k = self._noun_phrase(j + 2 if "عن" in self.keys[j + 1] else j + 1, last)
            if inner:
                chain.insert(0, inner)
                j = k
        for k in range(j, min(last, j + 10)):
            if self.keys[k] & THAT:
                break
            outer, _ = self._addressee(k, last)
            if outer:
                return chain + [outer]
        if continuing and self._anaphoric(source) and self.previous:
            if self.keys[source.start] & SAME or self.keys[source.end - 1] & SAME:
                source.kind = self.previous[0].kind
            chain += self.previous[1:]
        return chain

    def _addressee(self, j: int, last: int) -> tuple[Source | None, int]:
        """The outlet a source spoke to: "ل«بوابة افريقيا»", "لوكالة رويترز", "لمراسل الجوهرة"."""
        if j >= last or self.tokens[j].kind != "word" or not normalize_key(self.tokens[j].text).startswith("ل"):
            return None, j
        if normalize_key(self.tokens[j].text) in ("ل", "لـ"):
            j += 1
        source, k = self._noun_phrase(j, last)
        return (source, k) if source and source.kind == "outlet" else (None, j)

    def _noun_phrase(self, j: int, last: int) -> tuple[Source | None, int]:
        """A source noun phrase starting at token ``j``: a dictionary actor, a person, or a source head word with
        its modifiers ("مصدر أمني", "مسؤولان دفاعيان أمريكيان"); a correspondent is named by the outlet."""
        while j < last and (self.tokens[j].kind == "punct" or self.keys[j] & TIME_WORDS):
            j += 1
        if j >= last:
            return None, j
        actor = self.actor_at.get(j)
        if actor:
            end = actor.end
            while end < last and self.tokens[end].kind == "punct" and self.tokens[end].text in '"»”':
                end += 1
            kind = KIND_OF_ACTOR[actor.actor.kind]
            if actor.actor.id.startswith("generic:"):
                return Source(j, actor.end, kind), end
            self.last_named[kind] = actor.actor
            return Source(j, actor.end, kind, actor.actor), end
        if j in self.person_at:
            return Source(j, self.person_at[j], "person"), self.person_at[j]
        head = j + 1 if self.keys[j] & SAME and j + 1 < last else j  # "نفس المصادر"
        kind = self._head_kind(head)
        if kind is None:
            return None, j
        if self.keys[head] & CORRESPONDENT:  # "مراسل الجوهرة أف أم": the outlet
            for k in range(head + 1, min(last, head + 3)):
                outlet = self.actor_at.get(k)
                if outlet and outlet.actor.kind == "media":
                    self.last_named["outlet"] = outlet.actor
                    return Source(k, outlet.end, "outlet", outlet.actor), outlet.end
        end = head + 1
        while end < last and end - j < 5 and self.tokens[end].kind == "word" \
                and not self.keys[end] & (_STOP | REPORTING | ISSUED) and end not in self.actor_at \
                and not self._prepositional(end):
            end += 1
        if kind == "document" and end < last:  # "بيان للمنظمة", "بيانات الأمم المتحدة", "بلاغ صادر عن الوزارة"
            k = end + 2 if self.keys[end] & ISSUED and end + 1 < last else end
            owner, after = self._noun_phrase(k, last)
            if owner and owner.kind != "document":
                return owner, after
        # "الصحيفة", "الوكالة": the outlet named last
        named = self.last_named.get(kind) if normalize_key(self.tokens[head].text).startswith("ال") else None
        return Source(j, end, kind, named if kind in ("outlet", "organization") else None), end

    def _prepositional(self, j: int) -> bool:
        """"بمدينة سبها", "لمراسل ...": a word opening with a preposition ends a source's noun phrase."""
        word = normalize_key(self.tokens[j].text)
        return self.tokens[j].segments[0].text in ("ب", "ل", "ك") or (word[:1] in "بل" and bool(
            self._head_kind(j) or self.keys[j] & CORRESPONDENT))

    def _head_kind(self, j: int) -> str | None:
        for key in self.keys[j]:
            kind = KIND_OF_HEAD.get(key)
            if kind:
                return kind
            if key.startswith(("مصادر", "مصدر")):
                return "anonymous"
        return None

    def _anaphoric(self, source: Source) -> bool:
        first = normalize_key(self.tokens[source.start].text)
        return (first.startswith(("ال", "نفس", "ذات")) and source.end - source.start <= 2
                and bool(self.keys[source.start] & ANAPHORIC | self.keys[source.end - 1] & ANAPHORIC)
                and source.start not in self.actor_at)
