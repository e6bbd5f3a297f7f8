"""Every input format ingest reads, with realistic files, and every bad input reported per record."""

import gzip
import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd import inputs
from rasd.inputs import CsvColumns, is_failure, read_paths, read_records

ARTICLE = ("قال مصدر عسكري إن قوات الجيش الليبي سيطرت على معسكر 27 غرب طرابلس صباح اليوم بعد اشتباكات عنيفة مع "
           "مسلحين استمرت ساعات.")
ARTICLE2 = "وأضاف المصدر أن الاشتباكات أسفرت عن مقتل ثلاثة أشخاص وإصابة آخرين، وأن القوات استعادت الأسلحة المنهوبة."

PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>اشتباكات غرب طرابلس | بوابة الوسط</title>
<meta property="og:title" content="اشتباكات غرب طرابلس">
<meta property="og:site_name" content="بوابة الوسط">
<meta property="article:published_time" content="2013-08-04T09:30:00+02:00">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/libya">ليبيا</a></li></ul></nav>
<article><h1>اشتباكات غرب طرابلس</h1><p>{ARTICLE}</p><p>{ARTICLE2}</p></article>
<footer>جميع الحقوق محفوظة © 2013</footer>
</body></html>"""


def records(*paths, **options):
    return list(read_records([str(p) for p in paths], **options))


def ok(recs):
    return [r for _, r in recs if not is_failure(r)]


def failures(recs):
    return {where: r.errors[0] for where, r in recs if is_failure(r)}


def test_html_page_gives_main_text_title_and_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [report] = ok(records(path))
    assert ARTICLE in report.text and ARTICLE2 in report.text
    assert "الحقوق" not in report.text and "الرئيسية" not in report.text  # boilerplate removed
    assert report.title == "اشتباكات غرب طرابلس"
    assert report.published == "2013-08-04"


def test_broken_html_is_read_when_possible_and_reported_otherwise(tmp_path):
    unclosed = tmp_path / "unclosed.html"
    unclosed.write_text(f"<html><body><div><p>{ARTICLE}<p>{ARTICLE2}<div><span>", encoding="utf-8")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><script>var a = 1;</script></head><body><div></div></body></html>")
    garbage = tmp_path / "garbage.htm"
    garbage.write_bytes(bytes(range(256)) * 8)
    recs = records(unclosed, empty, garbage)
    [report] = ok(recs)
    assert ARTICLE in report.text
    bad = failures(recs)
    assert "no article text" in bad[str(empty)]
    assert "binary" in bad[str(garbage)]


def test_rss_and_atom_feeds_give_one_report_per_entry(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>بوابة افريقيا الإخبارية</title><link>https://example.ly</link>
<item><title>اشتباكات غرب طرابلس</title><link>https://example.ly/news/1</link>
<pubDate>Sun, 04 Aug 2013 09:30:00 +0200</pubDate>
<description>&lt;p&gt;{ARTICLE}&lt;/p&gt;&lt;p&gt;{ARTICLE2}&lt;/p&gt;</description></item>
<item><title>بلا نص</title><link>https://example.ly/news/2</link><description></description></item>
</channel></rss>""", encoding="utf-8")
    atom = tmp_path / "feed.xml"
    atom.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة الأنباء</title><id>urn:x</id>
<updated>2013-08-05T00:00:00Z</updated>
<entry><title>بيان</title><id>urn:x:1</id><link href="https://example.org/1"/><updated>2013-08-05T10:00:00Z</updated>
<content type="html">&lt;div&gt;{ARTICLE2}&lt;/div&gt;</content></entry></feed>""", encoding="utf-8")
    recs = records(rss, atom)
    first, second = ok(recs)
    assert first.text == f"{ARTICLE}\n{ARTICLE2}"
    assert (first.title, first.url, first.published, first.source) == (
        "اشتباكات غرب طرابلس", "https://example.ly/news/1", "2013-08-04", "بوابة افريقيا الإخبارية")
    assert (second.text, second.published, second.url) == (ARTICLE2, "2013-08-05", "https://example.org/1")
    assert "without text" in failures(recs)[f"{rss}#2"]


def _warc(path, gzip_records=True):
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))

        def response(url, body, content_type, status="200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        writer.write_record(writer.create_warc_record("https://example.ly/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
        response("https://example.ly/a", PAGE.encode(), "text/html; charset=utf-8")
        response("https://example.ly/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        response("https://example.ly/missing", b"<html><body>not found</body></html>", "text/html", "404 Not Found")


def test_warc_reads_html_responses_and_reports_the_other_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    recs = records(path)
    [report] = ok(recs)
    assert ARTICLE in report.text and report.url == "https://example.ly/a" and report.published == "2013-08-04"
    bad = failures(recs)
    assert "not HTML (image/png)" in bad[f"{path}#2"]
    assert "HTTP status 404" in bad[f"{path}#3"]


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    whole = tmp_path / "whole.warc"
    _warc(whole, gzip_records=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[:data.index(b"\x89PNG") + 20])
    recs = records(cut)
    assert len(ok(recs)) == 1
    assert any("damaged WARC" in reason or "not HTML" in reason for reason in failures(recs).values())


CSV = f'''id,title,published,source,body
a1,اشتباكات غرب طرابلس,2013-08-04,بوابة الوسط,"{ARTICLE}"
a2,"عنوان, بفاصلة",2013-08-05,وكالة,"{ARTICLE2}
سطر ثان"
a3,صف ناقص,2013-08-06
a4,,not a date,,نص قصير
'''


def test_csv_with_chosen_text_column_and_a_malformed_row(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    recs = records(path, csv_columns=CsvColumns(text="body"))
    a1, a2, a4 = ok(recs)
    assert (a1.id, a1.title, a1.published, a1.source, a1.text) == (
        "a1", "اشتباكات غرب طرابلس", "2013-08-04", "بوابة الوسط", ARTICLE)
    assert a2.title == "عنوان, بفاصلة" and a2.text == f"{ARTICLE2}\nسطر ثان"
    assert a4.title is None and a4.published is None and "not a YYYY-MM-DD date" in a4.errors[0]
    assert "malformed CSV row: 3 fields, the header has 5" in failures(recs)[f"{path}:5"]
    missing = records(path)  # default column "text" is not in this header
    assert "--text-column" in failures(missing)[str(path)]


def test_gz_files_and_truncated_gz(tmp_path):
    lines = "".join(f'{{"id": "r{i}", "text": "تقرير رقم {i} عن طرابلس"}}\n' for i in range(200))
    whole = tmp_path / "reports.jsonl.gz"
    whole.write_bytes(gzip.compress(lines.encode()))
    text = tmp_path / "one.txt.gz"
    text.write_bytes(gzip.compress(ARTICLE.encode()))
    assert [r.id for r in ok(records(whole))] == [f"r{i}" for i in range(200)]
    assert [r.text for r in ok(records(text))] == [ARTICLE]

    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(whole.read_bytes()[:-200])
    recs = records(truncated)
    kept = ok(recs)
    assert 0 < len(kept) < 200 and [r.id for r in kept] == [f"r{i}" for i in range(len(kept))]
    assert "truncated gzip" in failures(recs)[str(truncated)]
    cut_text = tmp_path / "cut.txt.gz"
    cut_text.write_bytes(text.read_bytes()[:15])
    assert "truncated gzip" in failures(records(cut_text))[str(cut_text)]


def test_directories_are_read_recursively_and_bad_files_do_not_stop_them(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "b" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "b" / "lines.jsonl").write_text('{"text": "سطر"}\n{"text": 5}\n', encoding="utf-8")
    (tmp_path / "a" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(50))
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("مخفي", encoding="utf-8")
    recs = records(tmp_path)
    assert sorted(r.text[:10] for r in ok(recs)) == sorted([ARTICLE[:10], "سطر", "اشتباكات غ"])
    bad = failures(recs)
    assert set(bad) == {str(tmp_path / "a" / "binary.txt"), str(tmp_path / "a" / "photo.jpg"),
                        f"{tmp_path / 'a' / 'b' / 'lines.jsonl'}:2"}
    assert "binary" in bad[str(tmp_path / "a" / "binary.txt")]
    assert "not a report file type" in bad[str(tmp_path / "a" / "photo.jpg")]


def test_read_paths_gives_the_same_reports_without_locations(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    assert list(read_paths([str(path)])) == [r for _, r in records(path)]


def test_large_jsonl_is_streamed_with_the_same_reports(tmp_path, monkeypatch):
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"id": "a", "text": "تونس"}\n\n{"id": "c", "text": "x", "published": "2017-01-20"}\n',
                     encoding="utf-8-sig")
    whole = records(clean)
    monkeypatch.setattr(inputs, "STREAM_BYTES", 10)
    assert records(clean) == whole and [r.id for r in ok(whole)] == ["a", "c"]
    damaged = tmp_path / "damaged.jsonl"  # one bad line costs that line only
    damaged.write_bytes(clean.read_bytes() + b'{"id": "b", "text": "bad \xff byte"}\n{"text": "y"}\n')
    streamed = records(damaged)
    assert [r.id for r in ok(streamed)][:2] == ["a", "c"] and len(ok(streamed)) == 3
    assert "not UTF-8" in failures(streamed)[f"{damaged}:4"]
