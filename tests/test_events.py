"""Events: triggers, types, modality, attribution and actors, on the seed report and on small sentences."""

import pytest

import rasd
from rasd.events.actors import find_actors
from rasd.events.lexicon import verb_forms, word_keys
from rasd.pipeline import Document, _available_stages, make_report
from rasd.text import tokenize


def run(text: str, published: str = "2017-03-02"):
    report = rasd.load()(text, published=published)
    assert not report.errors, report.errors
    return report.events


@pytest.fixture(scope="module")
def seed(seed_text):
    return rasd.load()(seed_text, published="2013-09-02", source="بوابة افريقيا")


def test_events_is_the_last_stage():
    assert list(_available_stages())[-1] == "events"


def test_camp_27_seizure_is_an_asserted_militia_looting_reported_by_the_paper(seed):
    seizure = next(e for e in seed.events if e.trigger.text == "فاستولت")
    assert (seizure.plover, seizure.acled_type, seizure.acled_sub_type) == (
        "ASSAULT", "Strategic developments", "Looting/property destruction")
    assert seizure.modality == "asserted"
    assert seizure.actor1.text == "ميليشيا" and seizure.actor1.actor.kind == "armed_group"
    assert [(a.text, a.kind) for a in seizure.attribution] == [("الصحيفة", "outlet")]
    assert seizure.attribution[0].actor.id == "media:NYT"  # "الصحيفة" is the New York Times named before
    # "هجوما ... فاستولت" is one event, not an attack and a seizure
    assert not any(e.trigger.text == "هجوما" for e in seed.events)


def test_camp_27_seizure_happened_on_4_august_20_km_from_tripoli_libya(seed):
    stages = rasd.load().stage_names
    if "geo" not in stages or "time" not in stages:
        pytest.skip("needs the geo and time stages")
    seizure = next(e for e in seed.events if e.trigger.text == "فاستولت")
    assert seizure.date.value == "2013-08-04"
    assert seizure.location.text == "معسكر 27" and seizure.location.offset_km == 20
    assert seizure.location.place.geonames_id == 2210247


def test_us_strikes_are_planned_by_the_united_states(seed):
    strikes = [e for e in seed.events if e.trigger.text == "قصف"]
    assert strikes and all(e.modality == "planned" and e.plover == "ASSAULT" for e in strikes)
    assert all(e.actor1.actor.id == "state:US" for e in strikes)
    assert [(a.text, a.kind) for a in strikes[0].attribution] == [("بوابة افريقيا", "outlet")]


def test_us_strikes_are_one_event_per_named_city(seed):
    if "geo" not in rasd.load().stage_names:
        pytest.skip("needs the geo stage")
    places = {e.location.place.geonames_id for e in seed.events if e.trigger.text == "قصف"}
    assert {87205, 2210554, 88319, 2210221, 2212771} <= places  # Derna, Sirte, Benghazi, Tarhuna, Sabratha


def test_pentagon_funding_is_aid_attributed_to_the_new_york_times(seed):
    funding = next(e for e in seed.events if e.trigger.text == "ميزانية")
    assert funding.plover == "AID" and funding.modality == "asserted"
    assert funding.actor1.actor.id == "military:US"
    assert [(a.text, a.kind) for a in funding.attribution] == [("نيويورك تايمز", "outlet")]
    assert funding.attribution[0].actor.id == "media:NYT"
    sentence = range(funding.sentence.start, funding.sentence.end)
    money = [q for q in seed.quantities if q.start in sentence and q.kind == "money"]
    assert [(q.value, q.unit) for q in money][:1] == [(16_000_000, "USD")]


def test_continued_claims_keep_the_outlet_of_the_chain(seed):
    aid = next(e for e in seed.events if e.trigger.text == "سلمتها")
    assert [(a.text, a.kind) for a in aid.attribution] == [
        ("مصادرمطلعة", "anonymous"), ("بوابة افريقيا الاخبارية", "outlet")]
    assert aid.modality == "asserted"


def test_assault_rifles_are_not_an_attack(seed):
    assert not any(e.trigger.text == "هجوم" for e in seed.events)  # "بنادق هجوم"


def test_event_spans_slice_the_text(seed):
    for event in seed.events:
        for span in (event.trigger, event.actor1, event.actor2, event.location, *event.attribution):
            if span is not None:
                assert seed.text[span.start:span.end] == span.text


@pytest.mark.parametrize("sentence, trigger, plover, sub_type", [
    ("قصفت طائرات حربية مواقع للمسلحين في المدينة.", "قصفت", "ASSAULT", "Air/drone strike"),
    ("أسفر انفجار عبوة ناسفة عن مقتل شرطي.", "انفجار", "ASSAULT", "Remote explosive/landmine/IED"),
    ("فجر انتحاري نفسه بحزام ناسف أمام الثكنة.", "فجر", "ASSAULT", "Suicide bomb"),
    ("اختطف مسلحون مجهولون مقيما تركيا.", "اختطف", "ASSAULT", "Abduction/forced disappearance"),
    ("تمكنت وحدات الحرس الوطني من إيقاف شخص مفتش عنه.", "إيقاف", "COERCE", "Arrests"),
    ("نفذ العمال وقفة احتجاجية أمام مقر الولاية.", "احتجاجية", "PROTEST", "Peaceful protest"),
    ("اندلعت أعمال شغب وحرق للعجلات في الحي.", "شغب", "PROTEST", "Violent demonstration"),
    ("وقعت الأطراف اتفاقا لوقف إطلاق النار.", "اتفاقا", "AGREE", "Agreement"),
])
def test_triggers_are_typed_by_plover_and_acled(sentence, trigger, plover, sub_type):
    events = run(sentence)
    event = next(e for e in events if trigger in e.trigger.text)
    assert (event.plover, event.acled_sub_type) == (plover, sub_type)


def test_stopping_work_is_not_an_arrest():
    assert not run("قررت الوزارة إيقاف العمل بالمنشور.")


@pytest.mark.parametrize("sentence, modality", [
    ("تعتزم تركيا نشر قوات في قطر.", "planned"),
    ("لم تقصف الطائرات المدينة.", "denied"),
    ("تم تركيز وحدة أمنية لمنع أي أعمال عنف قد تحدث.", "hypothetical"),
    ("قصفت الطائرات المدينة أمس.", "asserted"),
    ("كانت قوات الجيش قد قصفت مواقع التنظيم.", "asserted"),
])
def test_modality(sentence, modality):
    assert [e.modality for e in run(sentence)] == [modality]


def test_attribution_by_phrase_after_the_event():
    events = run('ألقت الشرطة القبض على 6 أشخاص، وفق ما نقلته "العربية" نقلا عن مصادر أمنية.')
    assert [(a.text, a.kind) for a in events[0].attribution] == [("مصادر أمنية", "anonymous"), ("العربية", "outlet")]


def test_actor_variants_share_one_id():
    def ids(text):
        return [m.actor.id for m in find_actors(tokenize(text))]
    assert ids("الجيش المصري") == ids("القوات المصرية") == ids("طائرات مصرية") == ["military:EG"]
    assert ids("داعش") == ids("تنظيم الدولة الإسلامية") == ids("لتنظيم داعش") == ["armed:IS"]
    assert ids("بوابة افريقيا") == ids("بوابة أفريقيا الإخبارية") == ["media:AFRIGATE"]
    assert ids("الولايات المتحدة الأمريكية") == ids("واشنطن") == ["state:US"]
    assert ids("القاعدة في المغرب الاسلامي") == ["armed:AQIM"]


def test_keys_strip_clitics_and_verbs_inflect():
    assert "هجوم" in word_keys("وبالهجوم") and "تفجير" in word_keys("بتفجيرها")
    assert {"قصفت", "قصفوا", "يقصفون", "تقصف"} <= verb_forms("قصف", "يقصف")
    assert {"استولت", "استولوا"} <= verb_forms("استولى", "يستولي")


def test_fatalities_come_from_casualty_counts_of_the_sentence():
    events = run("لقي 4 عناصر من الشرطة حتفهم في انفجار عبوة ناسفة. وقال مصدر أمني إن الهجوم استهدف دورية.")
    assert [(e.trigger.text, e.acled_sub_type, e.fatalities) for e in events] == [
        ("انفجار", "Remote explosive/landmine/IED", 4), ("الهجوم", "Remote explosive/landmine/IED", 4)]
    assert [(a.text, a.kind) for a in events[1].attribution] == [("مصدر أمني", "anonymous")]


def test_stage_fills_the_report():
    report = make_report("اختطف مسلحون مجهولون مقيما تركيا في سبها.", published="2017-03-21")
    stage = _available_stages()["events"]()
    stage(Document(report))
    assert [e.plover for e in report.events] == ["ASSAULT"]
    assert report.events[0].date.value == "2017-03" and report.events[0].date.precision == "month"
