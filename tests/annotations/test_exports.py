"""Exports: the export_annotations command (public only) and "my annotations" downloads."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from tests.factories import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(article, user, other_user):
    public = annotate(
        article,
        user,
        "ثلاثة بالمئة",
        kind="claim",
        comment="تعليق\u202eمقلوب",
        tags=["اقتصاد", "أرقام"],
    )
    private = annotate(article, user, "الأسعار ستنخفض", visibility="private", comment="سرّي")
    hidden = annotate(article, other_user, "وزيرُ", kind="quote", comment="مخفي")
    hidden.hidden_at = timezone.now()
    hidden.save()
    draft = factories.make_article(status="draft")
    in_draft = annotate(draft, user, "الفقرة الأولى", comment="في مسودة")
    return public, private, hidden, in_draft


def run(fmt: str, *args) -> str:
    out = io.StringIO()
    call_command(
        "export_annotations",
        "--format",
        fmt,
        "--base-url",
        "https://news.example/",
        *args,
        stdout=out,
    )
    return out.getvalue()


def test_jsonld_is_w3c_web_annotation_of_public_annotations_only(mixed, article):
    public = mixed[0]
    data = json.loads(run("jsonld"))
    assert len(data) == 1
    item = data[0]
    # The API's serializer (api.jsonld): the protocol IRI, UTC times ending in Z.
    assert item["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert item["type"] == "Annotation" and item["kind"] == "claim"
    assert item["id"] == f"https://news.example/api/articles/{article.pk}/annotations/{public.pk}"
    assert item["created"].endswith("Z") and "modified" in item
    assert item["creator"]["nickname"] == public.author.username
    textual = [b for b in item["body"] if b["type"] == "TextualBody"]
    bodies = {(b["purpose"], b["value"]) for b in textual}
    assert bodies == {
        ("commenting", "تعليق\u202eمقلوب"), ("tagging", "اقتصاد"), ("tagging", "أرقام"),
    }  # fmt: skip
    assert all("textDirection" in b and b["language"] == "ar" for b in textual)
    target = item["target"]
    assert target["source"] == "https://news.example" + article.get_absolute_url()
    position, quote = target["selector"]
    assert position == {"type": "TextPositionSelector", "start": public.start, "end": public.end}
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "ثلاثة بالمئة"
    assert quote["prefix"] == public.prefix and quote["suffix"] == public.suffix


def test_markdown_export(mixed, article):
    text = run("markdown")
    assert f"## [{article.title}](https://news.example{article.get_absolute_url()})" in text
    assert "> ثلاثة بالمئة" in text and "النوع: ادعاء" in text and "الوسوم: اقتصاد، أرقام" in text
    assert "سرّي" not in text and "مخفي" not in text and "في مسودة" not in text


def test_csv_export_round_trips_user_text(mixed):
    rows = list(csv.DictReader(io.StringIO(run("csv"))))
    assert len(rows) == 1
    assert rows[0]["comment"] == "تعليق\u202eمقلوب"
    assert json.loads(rows[0]["tags"]) == ["اقتصاد", "أرقام"]
    assert rows[0]["kind"] == "claim"


def test_command_writes_a_file_and_filters_by_article(mixed, article, tmp_path):
    path = tmp_path / "out.json"
    call_command(
        "export_annotations",
        "--article",
        str(article.pk),
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1
    assert json.loads(run("jsonld", "--article", "999999")) == []


def test_my_annotations_needs_login(client):
    response = client.get("/annotations/mine/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/annotations/mine/export.csv").status_code == 302


def test_my_annotations_lists_mine_only_with_filters(client, user, mixed):
    client.force_login(user)
    html = client.get("/annotations/mine/").content.decode()
    assert "سرّي" in html and "مخفي" not in html
    # Issue 9: an annotation is as visible as its article, so not even its
    # author sees the one on a draft (until the article is published).
    assert "في مسودة" not in html
    assert (
        "ثلاثة بالمئة" not in client.get("/annotations/mine/?visibility=private").content.decode()
    )
    assert "الأسعار ستنخفض" not in client.get("/annotations/mine/?kind=claim").content.decode()


@pytest.mark.parametrize("ext", ["jsonld", "md", "csv"])
def test_my_downloads_include_my_private_ones_but_nobody_elses(
    client, user, other_user, mixed, ext
):
    client.force_login(other_user)
    theirs = client.get(f"/annotations/mine/export.{ext}").content.decode()
    assert "سرّي" not in theirs and "ثلاثة بالمئة" not in theirs
    assert "مخفي" in theirs  # their own hidden one is still theirs
    client.force_login(user)
    response = client.get(f"/annotations/mine/export.{ext}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "سرّي" in body and "ثلاثة بالمئة" in body and "مخفي" not in body


def test_unknown_download_format_is_404(client, user):
    client.force_login(user)
    assert client.get("/annotations/mine/export.exe").status_code == 404


def test_create_demo_annotations(settings, article):
    from django.core.management.base import CommandError

    from annotations.models import Annotation

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_annotations", stdout=io.StringIO())
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("create_demo_annotations", stdout=io.StringIO())
    factories.make_user("reader")
    factories.make_user("editor")
    out = io.StringIO()
    call_command("create_demo_annotations", stdout=out)
    made = Annotation.objects.filter(article=article)
    assert made.count() >= 2 and "created" in out.getvalue()
    assert all(article.body[a.start : a.end] == a.exact for a in made)
    call_command("create_demo_annotations", stdout=io.StringIO())  # idempotent
    assert Annotation.objects.filter(article=article).count() == made.count()


def test_my_annotations_page_query_count_is_constant(client, user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = [factories.make_article(body="كلمة أولى وكلمة ثانية وكلمة ثالثة.") for _ in range(3)]
    annotate(articles[0], user, "أولى")
    client.force_login(user)
    client.get("/annotations/mine/")  # the editor role is asked once, then kept
    with CaptureQueriesContext(connection) as one:
        client.get("/annotations/mine/")
    for n in range(40):
        annotate(articles[n % 3], user, "ثانية", comment=f"رقم {n}")
    with django_assert_num_queries(len(one)):
        response = client.get("/annotations/mine/")
    assert response.content.decode().count('class="anno-card ') == 30  # one page
