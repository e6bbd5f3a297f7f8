"""Build scripts/data/person_names.tsv, the person-name gazetteer the NER model is trained with (``make person-names``).

Two PyPI data packages, installed without their dependencies (neither's code is run, only its data is read):
- names-dataset (Apache-2.0): first and last names by country from a large public profile dump; an Arabic-script
  name counts when it ranks in the top 1,000 of some country (lower ranks are full of ordinary words).
- arabnamer (data CC-BY-4.0): 22,798 English -> Arabic transliterations of person names, which brings foreign
  names as Arabic news spells them ("آلتونين").
- arabic-name-romanizer (MIT; its name index is built from Wikidata, CC0, and the DziriNames benchmark, MIT): the
  Arabic-script full names of people of Arab countries (Iran, Pakistan and Afghanistan left out: Persian and Urdu
  spellings), matched whole in a sentence, so that a name's extent is known ("إبراهيم الجعفري").
Output lines: ``normalized name<TAB>kinds`` with kinds among person_first, person_last, person_translit (single
words) and person_full (several words).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import pickle
import re
import sqlite3
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "scripts" / "data" / "person_names.tsv"
TOP_RANK = 1000
sys.path.insert(0, str(ROOT / "src"))

from rasd.text import normalize_key  # noqa: E402

_ARABIC_WORD = re.compile("^[\u0621-\u064a]{2,}$")
NON_ARABIC_SCRIPT_COUNTRIES = ("IR", "PK", "AF")


def main() -> None:
    kinds: dict[str, set[str]] = {}
    data = resources.files("names_dataset") / "v3"
    for file, kind in (("first_names.pkl.gz", "person_first"), ("last_names.pkl.gz", "person_last")):
        with resources.as_file(data / file) as path, gzip.open(path) as fh:
            names = pickle.load(fh)  # the package's own data format
        for name, info in names.items():
            if _ARABIC_WORD.match(name) and info.get("rank") and min(info["rank"].values()) <= TOP_RANK:
                kinds.setdefault(normalize_key(name), set()).add(kind)
    # located, not imported: importing arabnamer would load its xgboost model
    package_dir = Path(importlib.util.find_spec("arabnamer").submodule_search_locations[0])
    translit = json.loads((package_dir / "data" / "dict_FINAL.json").read_text(encoding="utf-8"))
    for arabic in translit.values():
        for word in arabic.split():
            if _ARABIC_WORD.match(word):
                kinds.setdefault(normalize_key(word), set()).add("person_translit")
    index = Path(importlib.util.find_spec("arabic_name_romanizer").submodule_search_locations[0])
    with sqlite3.connect(index / "resources" / "names.sqlite3") as db:
        for name, country in db.execute("SELECT DISTINCT arabic_key, country FROM full_names"):
            words = [normalize_key(w) for w in name.split()]
            if country not in NON_ARABIC_SCRIPT_COUNTRIES and len(words) > 1 and all(map(_ARABIC_WORD.match, words)):
                kinds.setdefault(" ".join(words), set()).add("person_full")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# built by scripts/build_person_names.py from names-dataset (Apache-2.0), arabnamer's data "
                 "(CC-BY-4.0) and arabic-name-romanizer's name index (MIT; Wikidata CC0, DziriNames MIT)\n")
        fh.writelines(f"{word}\t{' '.join(sorted(k))}\n" for word, k in sorted(kinds.items()))
    counts = {k: sum(k in v for v in kinds.values())
              for k in ("person_first", "person_last", "person_translit", "person_full")}
    print(f"{len(kinds)} names written to {OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
