"""The web API and server-rendered pages (rasd.web), over a hand-made database; the browser tests are separate."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from rasd.store import TimelineBin
from rasd.web import create_app
from rasd.web.app import timeline
from rasd.web.highlight import Mark, highlight, report_marks
from tests.web_fixtures import HOSTILE_TEXT, HOSTILE_TITLE, REPORTS, make_db


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = make_db(tmp_path_factory.mktemp("web") / "web.db")
    return TestClient(create_app(db))


# -- highlighting -----------------------------------------------------------------------------------------------------

def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_highlight_nested_spans_become_nested_marks():
    text = "كتيبة ثوار طرابلس"
    out = highlight(text, [Mark(0, 17, "org", "ORG"), Mark(11, 17, "place", "Tripoli")])
    assert _strip(out) == text
    assert re.fullmatch(r'<mark class="hl hl-org"[^>]*>كتيبة ثوار <mark class="hl hl-place"[^>]*>طرابلس</mark></mark>',
                        str(out))


def test_highlight_crossing_spans_are_split_and_keep_one_number():
    text = "abcdefghij"
    out = str(highlight(text, [Mark(0, 6, "time", "t"), Mark(3, 10, "quantity", "q")]))
    assert _strip(out) == text
    assert out.count("<mark") == 3 and out.count("</mark>") == 3  # the quantity is split around the time's end
    numbers = re.findall(r'hl-quantity" data-span="(\d+)"', out)
    assert len(numbers) == 2 and numbers[0] == numbers[1]
    assert re.search(r'hl-time[^>]*>abc<mark[^>]*hl-quantity[^>]*>def</mark></mark><mark[^>]*hl-quantity[^>]*>ghij',
                     out)


def test_highlight_escapes_text_and_titles():
    text = '<script>alert(1)</script> "x" & y'
    out = str(highlight(text, [Mark(0, 8, "per", '"><img src=x onerror=alert(1)>')]))
    assert "<script>" not in out and "<img" not in out
    assert _strip(out) == text


def test_report_marks_cover_every_kind_of_span():
    report = REPORTS[0]()
    kinds = {m.kind for m in report_marks(report)}
    assert kinds == {"org", "place", "loc", "time", "quantity", "trigger", "source"}
    for m in report_marks(report):
        assert report.text[m.start:m.end]


# -- JSON API -------------------------------------------------------------------------------------------------------

def test_events_filters(client):
    everything = client.get("/api/events").json()
    assert everything["total"] == 7
    assert {e["report_id"] for e in client.get("/api/events", params={"type": "Protests"}).json()["events"]} == {
        "protest-benghazi"}
    planned = client.get("/api/events", params={"modality": "planned"}).json()
    assert planned["total"] == 2 and {e["event"]["modality"] for e in planned["events"]} == {"planned"}
    assert client.get("/api/events", params={"country": "tn"}).json()["total"] == 1
    assert client.get("/api/events", params={"since": "2013-08-10", "until": "2013-08-15"}).json()["total"] == 2
    assert client.get("/api/events", params={"actor": "الشرطة المصرية"}).json()["total"] == 1
    assert client.get("/api/events", params={"q": "بنغازي"}).json()["events"][0]["report_id"] == "protest-benghazi"
    page = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 7 and len(page["events"]) == 3


def test_geojson_points_carry_acled_properties(client):
    data = client.get("/api/events.geojson", params={"country": "LY"}).json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    derna = [f for f in data["features"] if f["properties"]["location"] == "Derna"][0]
    assert derna["geometry"]["coordinates"] == [22.6367, 32.767]
    assert derna["properties"]["event_type"] == "Explosions/Remote violence"
    assert derna["properties"]["notes"].startswith("قال مسؤول")
    lean = client.get("/api/events.geojson", params={"country": "LY", "notes": "false"}).json()
    assert "notes" not in lean["features"][0]["properties"] and len(lean["features"]) == 5


def test_timeline_counts_per_day_week_and_month(client):
    day = client.get("/api/timeline").json()
    assert day["bucket"] == "day" and ["2013-08-04", "Battles", 1] in day["bins"]  # 'auto' over a month: days
    week = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert ["2013-08-12", "Strategic developments", 1] in week["bins"]  # Thursday 15 Aug -> Monday 12 Aug
    assert sum(b[2] for b in week["bins"]) == 7
    month = client.get("/api/timeline", params={"bucket": "month"}).json()
    assert month["bins"] == [
        ["2013-08-01", "Battles", 1], ["2013-08-01", "Protests", 1], ["2013-08-01", "Strategic developments", 2],
        ["2013-08-01", "Violence against civilians", 1], ["2013-09-01", "Explosions/Remote violence", 2]]
    assert client.get("/api/timeline", params={"type": "Protests"}).json()["bins"] == [["2013-08-10", "Protests", 1]]


def test_timeline_auto_bucket_follows_the_span():
    bins = [TimelineBin("2010-01-05", "Battles", 1), TimelineBin("2010-03-01", None, 2),
            TimelineBin("2012-02-30", None, 9)]
    assert timeline(bins).bucket == "day"  # the impossible day is dropped, not fatal
    assert timeline([*bins, TimelineBin("2011-06-01", None, 1)]).bucket == "week"
    assert timeline([*bins, TimelineBin("2014-06-01", None, 1)]).bucket == "month"


def test_search_report_and_stats(client):
    hits = client.get("/api/search", params={"q": "طرابلس"}).json()
    assert hits["total"] == 1 and hits["hits"][0]["report_id"] == "clash-tripoli"
    report = client.get("/api/reports/clash-tripoli").json()
    assert report["events"][0]["attribution"][1]["text"] == "وكالة الأنباء الليبية"
    assert client.get("/api/stats").json()["reports"] == 6


@pytest.mark.parametrize("url", [
    "/api/events?since=2013-13-01", "/api/events?limit=0", "/api/events?limit=100000", "/api/events?offset=-1",
    "/api/events?country=Libya", "/api/events?modality=maybe", "/api/events?sort=random",
"/api/timeline?bucket=year", "/api/search", "/api/search?q=",
    "/api/events.geojson?limit=abc", "/api/stats?top=0", "/api/events?limit=99999999999999999999999",
])
def test_bad_parameters_are_client_errors_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_unknown_report_is_404(client):
    assert client.get("/api/reports/nope").status_code == 404
    assert client.get("/reports/nope").status_code == 404


def test_queries_that_look_like_syntax_do_not_break(client):
    for q in ['"', "(", "AND", "NOT OR", "title:", "*", "a\"b(c", "؟!", "\x00"]:
        assert client.get("/api/search", params={"q": q}).status_code == 200
        assert client.get("/api/events", params={"q": q}).status_code == 200
        assert client.get("/api/timeline", params={"actor": q, "place": q + "xyz"}).status_code == 200


# -- pages ------------------------------------------------------------------------------------------------------------

def test_pages_are_arabic_right_to_left(client):
    for url in ("/", "/reports/clash-tripoli", "/search?q=%D8%B7%D8%B1%D8%A7%D8%A8%D9%84%D8%B3"):
        page = client.get(url)
        assert page.status_code == 200
        assert '<html lang="ar" dir="rtl">' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_report_page_highlights_spans_and_shows_event_cards(client):
    page = client.get("/reports/clash-tripoli").text
    assert re.search(r'<mark class="hl hl-trigger"[^>]*id="trigger-0"[^>]*>اشتباكات</mark>', page)
    assert re.search(r'<mark class="hl hl-org"[^>]*>كتيبة ثوار <mark class="hl hl-place"', page)
    assert 'id="event-0"' in page and "معارك (Armed clash)" in page
    assert "مصادر محلية" in page and "وكالة الأنباء الليبية" in page and "2013-08-04" in page


def test_hostile_report_is_escaped_everywhere(client):
    page = client.get("/reports/hostile").text
    body = page.split("<body>", 1)[1]
    assert "<script>window" not in page and "<img" not in body and "onmouseover=" not in page.replace(
        "onmouseover=&#34;", "")
    assert html.escape(HOSTILE_TITLE, quote=True).replace("&quot;", "&#34;") in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()  # the url is not made a link
    text = re.search(r'<section class="panel text" id="report-text" dir="auto">(.*?)</section>', page, re.S).group(1)
    assert _strip(text) == HOSTILE_TEXT
    search = client.get("/search", params={"q": "مسلحون"}).text
    assert "hostile" in search and "<script>window" not in search
