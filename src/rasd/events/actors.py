"""The actor dictionary: Arabic names of states, their institutions, armed groups, parties, international
organizations and media outlets, each variant mapped to one stable actor id.

Built at load time from three small tables in ``data/``: named actors (actors.tsv), countries with their
nationality adjectives (countries.tsv) and state institutions (institutions.tsv), so that "الجيش المصري",
"القوات المصرية" and "طائرات مصرية" all become ``military:EG`` without listing every combination.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasd.events.lexicon import canonical, token_keys
from rasd.model import Actor
from rasd.text import Token, normalize_key


def _rows(name: str):
    text = resources.files("rasd.events").joinpath(f"data/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _adjective_forms(adjective: str) -> list[str]:
    """Masculine, feminine, dual and plural forms of a nationality adjective ("مصري" -> "مصرية", "مصريتان" ...)."""
    words = adjective.split()
    head, rest = words[0], words[1:]
    forms = [head, head + "ة", head + "تان", head + "تين", head + "ون", head + "ين", head + "ان"]
    tail = " ".join(rest)
    return [f"{f} {tail}".strip() for f in forms] + ([f"{head}ة {rest[0]}ة"] if rest else [])


Trie = dict  # word key -> Trie; the key None holds the actor of the phrase ending there


@lru_cache(maxsize=1)
def dictionary() -> Trie:
    """Actor phrases as a trie over word keys; the first listing of a phrase wins (named actors first)."""
    phrases: list[tuple[str, Actor]] = []
    for actor_id, kind, country, name, variants in _rows("actors.tsv"):
        actor = Actor(id=actor_id, name=name, kind=kind, country=country or None)
        phrases += [(v, actor) for v in variants.split("|")]
    institutions = list(_rows("institutions.tsv"))
    for code, name, names, adjectives, metonyms in _rows("countries.tsv"):
        state = Actor(id=f"state:{code}", name=name, kind="state", country=code)
        phrases += [(v, state) for v in (names + "|" + metonyms).split("|") if v]
        for adjective in filter(None, adjectives.split("|")):
            for phrase, kind, suffix in institutions:
                actor = Actor(id=f"{kind}:{code}{suffix}", name=f"{name} ({kind})", kind=kind, country=code)
                phrases += [(f"{phrase} {form}", actor) for form in _adjective_forms(adjective)]
    trie: Trie = {}
    for text, actor in phrases:
        node = trie
        for word in text.replace('"', " ").split():
            node = node.setdefault(canonical(word), {})
        node.setdefault(None, actor)
    return trie


@dataclass(frozen=True)
class ActorMatch:
    start: int  # token indices [start, end)
    end: int
    actor: Actor
    proclitic: str  # letters before the name in its first word ("ل" in "لتنظيم القاعدة")


def find_actors(tokens: list[Token], token_keys_: list[frozenset[str]] | None = None) -> list[ActorMatch]:
    """Dictionary actors named in ``tokens`` (punctuation such as quotes inside a name is skipped), longest first.
    ``token_keys_``: the keys of every token, when already computed."""
    trie = dictionary()
    all_keys = token_keys_ or [token_keys(t) for t in tokens]
    words = [i for i, t in enumerate(tokens) if t.kind != "punct"]
    keys = [all_keys[i] for i in words]
    out: list[ActorMatch] = []
    free = 0
    firsts = trie.keys()
    for i in [i for i, k in enumerate(keys) if not firsts.isdisjoint(k)]:  # words that may start a name
        if i < free:
            continue
        best: tuple[int, Actor, str] | None = None  # (number of words, actor, key of the first word)
        for key in keys[i]:
            node = trie.get(key)
            k = 1
            while node is not None:
                if None in node and (best is None or k > best[0]) and words[i + k - 1] - words[i] < 2 * k:
                    best = (k, node[None], key)
                if i + k >= len(words):
                    break
                node = next((node[w] for w in keys[i + k] if w in node), None)
                k += 1
        if best is None:
            continue
        k, actor, key = best
        first = normalize_key(tokens[words[i]].text)
        at = first.find(key)
        proclitic = first[:at] if at > 0 else ""
        proclitic = proclitic[:-2] if proclitic.endswith("ال") else proclitic.removesuffix("ل") + "ل" * (
            proclitic.endswith("لل"))
        out.append(ActorMatch(words[i], words[i + k - 1] + 1, actor, proclitic))
        free = i + k
    return out
