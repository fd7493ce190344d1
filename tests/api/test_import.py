"""Export, then import into a database with the same articles: the same annotations,
replies, speakers and reviews."""

import io
import json

import pytest
from django.core.management import call_command

from annotations.models import Annotation, Reply
from newsroom import services as newsroom
from tests import factories

pytestmark = pytest.mark.django_db


def export() -> list[dict]:
    out = io.StringIO()
    call_command(
        "export_annotations",
        "--format",
        "jsonld",
        "--base-url",
        "https://news.example/",
        stdout=out,
    )
    return json.loads(out.getvalue())


def comparable(docs: list[dict]) -> list[dict]:
    """What must survive: everything but the server's ids (new rows get new ones)."""
    out = []
    for doc in docs:
        doc = json.loads(json.dumps(doc))
        doc.pop("id")
        doc.pop("canonical", None)
        if doc["motivation"] == "replying":
            doc["target"] = "parent"
        for body in doc.get("body", []) if isinstance(doc.get("body"), list) else []:
            body.pop("id", None)
        out.append(doc)
    return sorted(out, key=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True))


@pytest.fixture
def world(db):
    article = factories.make_article()
    reader, editor = factories.make_user(), factories.make_editor()
    factories.make_user("admin", is_staff=True, is_superuser=True)
    words = article.paragraphs[0].split()
    claim = factories.annotate(
        article, reader, words[0], kind="claim", comment="رقم مبالغ فيه", tags=["أرقام"]
    )
    newsroom.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=3, rationale="السياق ناقص."
    )
    newsroom.evidence_add(
        annotation=claim, editor=editor, title="تقرير", url="https://example.org/r"
    )
    quote = factories.annotate(article, reader, words[2], kind="quote")
    newsroom.quote_attribute(
        annotation=quote, editor=editor, speaker=factories.make_speaker("منى حسن")
    )
    factories.annotate(article, editor, words[3], kind="comment", comment="تعليق ثان")
    from annotations import services

    services.reply_create(annotation=claim, author=editor, body="شكرًا على التنبيه.")
    return article


def test_export_then_import_gives_the_same_annotations(world, tmp_path):
    before = export()
    path = tmp_path / "export.jsonld"
    path.write_text(json.dumps(before, ensure_ascii=False), encoding="utf-8")
    Annotation.objects.all().delete()
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    assert "imported 3 annotations and 1 replies" in out.getvalue()
    assert Reply.objects.count() == 1
    assert comparable(export()) == comparable(before)
    # Importing the same file again adds nothing.
    out = io.StringIO()
    call_command("import_annotations", str(path), stdout=out)
    assert "imported 0 annotations and 0 replies; 4 already there" in out.getvalue()


def test_what_cannot_be_placed_is_reported(world, tmp_path, capsys):
    docs = export()
    docs[0]["target"]["source"] = "https://news.example/articles/999999/x/"
    docs.append({"type": "Annotation", "target": "nowhere"})
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    Annotation.objects.all().delete()
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_annotations", str(path), stderr=err, stdout=io.StringIO())
    assert "no article at" in err.getvalue()
    assert err.getvalue().count("not imported") >= 2
