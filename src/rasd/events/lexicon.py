"""Word matching for events: clitic-stripped keys of tokens, the trigger lexicon, and event types by context.

Arabic writes "and-with-the-attack" as one word (وبالهجوم); the text layer's segmentation is a best guess, so a token
is looked up under every reading its proclitics and pronoun suffixes allow. Lexicon entries are keyed the same way
(without the article), so "الهجوم", "لهجوم" and "هجوما" all find "هجوم".
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasd.text import Token, normalize_key

ACLED: dict[str, tuple[str | None, str | None]] = {
    "AC": ("Battles", "Armed clash"),
    "GRT": ("Battles", "Government regains territory"),
    "NSO": ("Battles", "Non-state actor overtakes territory"),
    "AIR": ("Explosions/Remote violence", "Air/drone strike"),
    "SB": ("Explosions/Remote violence", "Suicide bomb"),
    "SH": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "IED": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GR": ("Explosions/Remote violence", "Grenade"),
    "VA": ("Violence against civilians", "Attack"),
    "AB": ("Violence against civilians", "Abduction/forced disappearance"),
    "PP": ("Protests", "Peaceful protest"),
    "PI": ("Protests", "Protest with intervention"),
    "VD": ("Riots", "Violent demonstration"),
    "MV": ("Riots", "Mob violence"),
    "AG": ("Strategic developments", "Agreement"),
    "AR": ("Strategic developments", "Arrests"),
    "DW": ("Strategic developments", "Disrupted weapons use"),
    "LO": ("Strategic developments", "Looting/property destruction"),
    "NVT": ("Strategic developments", "Non-violent transfer of territory"),
    "OT": ("Strategic developments", "Other"),
    "-": (None, None),
}

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك", "س")
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن")


def canonical(word: str) -> str:
    """The lexicon key of a dictionary word: normalized, without the article."""
    key = normalize_key(word)
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


@lru_cache(maxsize=1 << 16)
def word_keys(word: str) -> frozenset[str]:
    """Every key ``word`` may stand for once proclitics (و ف ب ل ك س ال) and a pronoun suffix are removed."""
    key = normalize_key(word)
    out = {key}
    for conj in _CONJ:
        if not key.startswith(conj):
            continue
        a = key[len(conj):]
        for prep in _PREP:
            if not a.startswith(prep):
                continue
            b = a[len(prep):]
            bodies = [b]
            if b.startswith("ال"):
                bodies.append(b[2:])
            if prep == "ل" and b.startswith("ل"):  # لل = ل + ال
                bodies.append(b[1:])
            for body in bodies:
                for suffix in _SUFFIXES:
                    if suffix and not body.endswith(suffix):
                        continue
                    rest = body[: len(body) - len(suffix)]
                    if len(rest) >= 2:
                        out.add(rest)
    return frozenset(out)


def token_keys(token: Token) -> frozenset[str]:
    return word_keys(token.text) if token.kind == "word" else frozenset((token.text,))


def verb_forms(past: str, imperfect: str) -> set[str]:
    """Inflected forms of a verb given its 3rd person masculine past and imperfect (unvocalized)."""
    past, imperfect = normalize_key(past), normalize_key(imperfect)
    forms = {past + s for s in ("", "ت", "وا", "تا", "ا", "ن", "نا", "تم")}
    if past[-1] in "اي":  # defective: رمى -> رمت، رموا
        forms |= {past[:-1] + s for s in ("ت", "وا", "تا")}
    stem = imperfect[1:]
    forms |= {p + stem + s for p in "يتنا" for s in ("", "ون", "ان", "ن", "وا", "ين")}
    return forms


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]  # canonical keys of the words of the form
    cls: str
    requires: frozenset[str]
    excludes: frozenset[str]
    verb: bool


def _keys_of(field: str) -> frozenset[str]:
    return frozenset(canonical(w) for w in field.split("|") if w)


@lru_cache(maxsize=1)
def triggers() -> dict[str, list[Entry]]:
    """Trigger entries indexed by the key of their first word."""
    index: dict[str, list[Entry]] = {}
    text = resources.files("rasd.events").joinpath("data/triggers.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms, pos, cls, requires, excludes = (line.split("\t") + ["", ""])[:5]
        for form in forms.split("|"):
            past, _, imperfect = form.partition("/")
            words = past.split()
            firsts = verb_forms(words[0], imperfect.split()[0]) if imperfect else {canonical(words[0])}
            rest = tuple(canonical(w) for w in words[1:])
            for first in firsts:
                entry = Entry((first, *rest), cls, _keys_of(requires), _keys_of(excludes), bool(imperfect))
                index.setdefault(first, []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: -len(e.words))
    return index


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    return frozenset(triggers())


@dataclass(frozen=True)
class Candidate:
    start: int  # token indices [start, end)
    end: int
    entry: Entry


def trigger_starts(keys: list[frozenset[str]]) -> list[int]:
    """Indices of the tokens that may start a trigger (a cheap first pass over a whole text)."""
    firsts = first_words()
    return [i for i, k in enumerate(keys) if not firsts.isdisjoint(k)]


def find_triggers(all_keys: list[frozenset[str]], first: int, last: int, starts: list[int]) -> list[Candidate]:
    """Trigger candidates among tokens ``first:last`` (one sentence; ``all_keys``: the keys of every token of the
    text, ``starts``: :func:`trigger_starts` of them), longest match first, no overlaps."""
    index = triggers()
    keys = all_keys[first:last]
    out: list[Candidate] = []
    n = last - first
    free = 0
    for at in starts[bisect_left(starts, first):bisect_left(starts, last)]:
        i = at - first
        if i < free:
            continue
        match = None
        for key in keys[i]:
            for entry in index.get(key, ()):
                k = len(entry.words)
                if i + k <= n and all(entry.words[j] in keys[i + j] for j in range(1, k)) \
                        and _context_ok(entry, keys, i, i + k) \
                        and (match is None or k > len(match.words)):
                    match = entry
        if match is not None:
            out.append(Candidate(at, at + len(match.words), match))
            free = i + len(match.words)
    return out


def _context_ok(entry: Entry, keys: list[frozenset[str]], start: int, end: int) -> bool:
    if entry.excludes and any(keys[j] & entry.excludes for j in range(max(0, start - 2), min(len(keys), end + 2))
                              if not start <= j < end):
        return False
    if entry.requires:
        window = range(max(0, start - 4), min(len(keys), end + 8))
        return any(keys[j] & entry.requires for j in window if not start <= j < end)
    return True


def _cues(*words: str) -> frozenset[str]:
    return frozenset(canonical(w) for w in words)


AIR = _cues("طائرة", "طائرات", "طائرتان", "طائرتين", "طائراتها", "طيران", "جوية", "جوي", "جويه", "الجو", "قاذفات",
            "مقاتلات", "مروحية", "مروحيات", "درون", "طيار", "غارة", "غارات", "حربية", "حربيتان", "حربيتين")
SUICIDE = _cues("انتحاري", "انتحارية", "انتحاريين", "انتحاريا", "حزام", "الانتحاريين", "الانتحاري")
EXPLOSIVE = _cues("عبوة", "عبوات", "ناسفة", "لغم", "ألغام", "مفخخة", "قنبلة", "قنابل", "متفجرات", "قنبلتين")
SHELLS = _cues("صاروخ", "صواريخ", "بصاروخين", "قذيفة", "قذائف", "مدفعية", "هاون", "راجمات", "بالستية", "البالستية")
GRENADE = _cues("يدوية", "يدويتين")
CIVILIANS = _cues("مدنيين", "مدنيون", "مواطنين", "مواطنون", "سكان", "مسجد", "كنيسة", "سوق", "حافلة", "مدرسة",
                  "مستشفى", "سياح", "مخيم", "لاجئين", "نازحين", "أطفال", "مصلين", "عزاء", "ضريح", "ملهى")
SECURITY = _cues("دورية", "حاجز", "نقطة", "تفتيش", "ثكنة", "عسكرية", "معسكر", "الجيش", "جيش", "الأمن", "أمنية",
                 "الشرطة", "شرطة", "الدرك", "جنود", "جنديين", "جنديان", "عسكري", "أمنيين", "الحرس", "موكب")
PROTESTERS = _cues("محتجين", "محتجون", "متظاهرين", "متظاهرون", "المحتجين", "المتظاهرين")
RIOTING = _cues("شغب", "حرق", "إشعال", "رشق", "تكسير", "مواجهات", "اشتباكات")
INTERVENTION = _cues("تفريق", "فض", "المسيل", "مسيل", "للدموع", "تدخل", "تدخلت")
PRISON = _cues("سجن", "سجون", "السجن", "مساجين", "سجناء")
WEAPONS = _cues("سلاح", "أسلحة", "اسلحة", "ذخيرة", "ذخائر", "متفجرات", "متفجرة", "عبوات", "مسدس", "مسدسين", "رشاش",
                "رشاشين", "كلاشنيكوف", "بندقية", "بنادق", "قنابل", "صواريخ", "المتفجرة")
PLOTS = _cues("إرهابي", "إرهابية", "إرهابيا", "هجوم", "هجمات", "هجوما", "تفجير", "تفجيرات", "اعتداء", "مخطط", "مخططات")
HIDEOUTS = _cues("مخبأ", "مخبأين", "مخابئ", "مخزن", "مخازن")
TERRITORY = _cues("مدينة", "منطقة", "حي", "قرية", "بلدة", "مطار", "قاعدة", "معسكر", "ميناء", "موانئ", "الموانئ",
                  "حقول", "الحقول", "معاقل", "معقل", "مواقع")
CONFLICT = _cues("سلام", "السلام", "هدنة", "النار", "مسلحة", "المعارضة", "المتمردين", "الفصائل", "مصالحة", "الحصار",
                 "العنف", "الحرب", "مقاتلي", "الميليشيات", "المسلحة")
AID_GOODS = _cues("مساعدات", "إنسانية", "غذائية", "أدوية", "معونات", "إعانات")
TROOPS = _cues("جندي", "جنود", "قوات", "عسكريين", "طائرات", "سفن", "بوارج", "قطع")

SPECIFIC = {"SUICIDE", "AIRSTRIKE", "ABDUCTION", "SEIZE", "LOOT", "ASSASSINATION", "SHELLING", "BOMBARD", "EXPLOSION",
            "REGAIN", "RIOT", "PROTEST"}
GENERIC = {"ATTACK", "CLASH"}  # words that may name any violent happening (a riot's attacks, an abduction's raid)


def resolve(cls: str, context: frozenset[str], following: frozenset[str]) -> tuple[str, str, bool] | None:
    """PLOVER type, ACLED code, and whether a word decided the code, of an event class given the keys of the words
    around it and of the few words right after it (its object: "الاستيلاء على الأسلحة" vs "السيطرة على المدينة",
    "هجوم على دورية"); None: not an event. An undecided code may be replaced by that of the happening the
    mention refers back to ("الهجوم" after "انفجار عبوة ناسفة")."""
    has = context.__and__
    if cls == "ATTACK":
        for cues, code in ((SUICIDE, "SB"), (EXPLOSIVE, "IED"), (AIR, "AIR"), (SHELLS, "SH")):
            if has(cues):
                return "ASSAULT", code, True
        # without a weapon word the target decides, unless the mention refers back to a happening told before
        return "ASSAULT", "AC" if following & SECURITY and not following & CIVILIANS else "VA", False
    if cls == "CLASH":
        return ("PROTEST", "VD", True) if has(PROTESTERS) else ("ASSAULT", "AC", True)
    if cls == "BOMBARD":  # قصف without a word of artillery is mostly from the air in this news
        if has(SHELLS) and not has(AIR):
            return "ASSAULT", "SH", True
        return "ASSAULT", "AIR", bool(has(AIR))
    if cls == "EXPLOSION":
        for cues, code in ((SUICIDE, "SB"), (GRENADE, "GR")):
            if has(cues):
                return "ASSAULT", code, True
        if has(SHELLS) and not has(EXPLOSIVE):
            return "ASSAULT", "SH", True
        return "ASSAULT", "IED", bool(has(EXPLOSIVE))
    if cls == "PROTEST":
        if has(RIOTING):
            return "PROTEST", "VD", True
        if has(INTERVENTION):
            return "PROTEST", "PI", True
        return "PROTEST", "PP", False
    if cls == "RIOT":
        return "PROTEST", "MV" if has(PRISON) else "VD", True
    if cls == "SEIZURE":
        return "COERCE", "DW" if has(WEAPONS) else "-", True
    if cls == "FOIL":  # إحباط عملية تهريب / مخطط إرهابي
        return "COERCE", "DW" if has(WEAPONS) or has(PLOTS) else "-", True
    if cls == "DESTROY":
        return ("COERCE", "DW", True) if has(HIDEOUTS) or has(WEAPONS) else ("ASSAULT", "LO", True)
    if cls == "SEIZE":
        return "ASSAULT", "NSO" if following & TERRITORY else "LO", True
    if cls == "AGREE":
        return ("AGREE", "AG", True) if has(CONFLICT) else ("AGREE", "-", False)
    if cls == "SEND":
        if has(AID_GOODS):
            return "AID", "-", True
        return ("MOBILIZE", "-", True) if has(TROOPS) else None
    return (*FIXED[cls], True)


FIXED: dict[str, tuple[str, str]] = {
    "SUICIDE": ("ASSAULT", "SB"), "AIRSTRIKE": ("ASSAULT", "AIR"), "SHELLING": ("ASSAULT", "SH"),
    "ASSASSINATION": ("ASSAULT", "VA"), "ABDUCTION": ("ASSAULT", "AB"), "ARREST": ("COERCE", "AR"),
    "LOOT": ("ASSAULT", "LO"), "REGAIN": ("ASSAULT", "GRT"), "RETREAT": ("RETREAT", "NVT"), "AID": ("AID", "-"),
    "DEPLOY": ("MOBILIZE", "-"), "THREATEN": ("THREATEN", "-"), "ACCUSE": ("ACCUSE", "-"),
    "REJECT": ("REJECT", "-"), "SANCTION": ("SANCTION", "-"),
}
