"""The data model follows the output contract and its shipped JSON Schema."""

import json
from importlib import resources

import jsonschema

import rasd
from rasd import model


def schema():
    return json.loads(resources.files("rasd").joinpath("data/report.schema.json").read_text(encoding="utf-8"))


def test_shipped_schema_is_generated_from_the_model():
    assert schema() == model.json_schema(), "run `make schema` after changing rasd/model.py"


def test_every_field_is_present_and_null_when_unknown():
    report = rasd.load()("نص", published="2013-09-02")
    obj = json.loads(model.to_json(report))
    assert list(obj) == ["id", "title", "source", "url", "published", "text", "entities", "times", "quantities",
                         "events", "errors"]
    assert obj["title"] is None and obj["published"] == "2013-09-02"
    jsonschema.validate(obj, schema())


def test_a_full_report_round_trips_and_validates(seed_text):
    place = model.Place(geonames_id=2210247, name="Tripoli", name_ar="طرابلس", lat=32.89, lon=13.18,
                        country="LY", admin1="Tripoli", feature="city", score=0.9)
    start = seed_text.index("طرابلس")
    entity = model.Entity.of(seed_text, start, start + 6, label="LOC", score=0.99, place=place)
    trigger = model.Span.of(seed_text, seed_text.index("فاستولت"), seed_text.index("فاستولت") + 7)
    event = model.Event(
        plover="ASSAULT", acled_type="Strategic developments", acled_sub_type="Looting/property destruction",
        trigger=trigger, sentence=model.SentenceRef(start=0, end=10), modality="asserted",
        location=model.Location.of(seed_text, start, start + 6, place=place, offset_km=20),
        attribution=[model.Attribution.of(seed_text, 0, 4, kind="outlet")], score=0.8,
    )
    report = model.Report(id="seed", text=seed_text, entities=[entity], events=[event])
    encoded = model.to_json(report)
    assert model.from_json(encoded) == report
    jsonschema.validate(json.loads(encoded), schema())
    assert entity.text == "طرابلس"


def test_id_is_a_stable_hash_of_the_text():
    assert model.text_id("abc") == model.text_id("abc") != model.text_id("abd")
    assert rasd.load()("abc").id == model.text_id("abc")
