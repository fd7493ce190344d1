"""Client tests: creating, editing, deleting, replying, permalinks and the article page."""

import json
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Annotation, Reply
from reading.panel import PANEL_PAGE_SIZE
from tests import factories
from tests.factories import annotate

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def create_url(article):
    return f"/articles/{article.pk}/annotations/"


def selector(article, phrase, **extra):
    start = article.body.index(phrase)
    data = {
        "kind": "claim",
        "visibility": "public",
        "start": start,
        "end": start + len(phrase),
        "exact": phrase,
        "prefix": article.body[max(0, start - 32) : start],
        "suffix": article.body[start + len(phrase) : start + len(phrase) + 32],
        "comment": "",
        "tags": "",
    }
    data.update(extra)
    return data


# --- Creating -------------------------------------------------------------------


def test_anonymous_create_redirects_to_login(client, article):
    response = client.post(create_url(article), selector(article, "ثلاثة"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Annotation.objects.exists()


def test_anonymous_htmx_create_gets_a_client_redirect(client, article):
    response = client.post(create_url(article), selector(article, "ثلاثة"), headers=HX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/?next=%2Farticles%2F")
    assert not Annotation.objects.exists()


def test_create_needs_post(client, user, article):
    client.force_login(user)
    assert client.get(create_url(article)).status_code == 405


def test_htmx_create_returns_redrawn_text_and_panel(client, user, article):
    client.force_login(user)
    response = client.post(
        create_url(article),
        selector(article, "ثلاثة بالمئة", comment="يحتاج مصدرًا", tags="اقتصاد، أرقام"),
        headers=HX,
    )
    assert response.status_code == 200
    annotation = Annotation.objects.get()
    assert (annotation.kind, annotation.comment, annotation.tags) == (
        "claim", "يحتاج مصدرًا", ["اقتصاد", "أرقام"],
    )  # fmt: skip
    html = response.content.decode()
    assert 'id="article-body"' in html and 'data-hx-swap-oob="true"' in html
    assert f'<mark id="annotation-{annotation.pk}" class="anno anno--claim"' in html
    assert f'id="card-{annotation.pk}"' in html
    trigger = json.loads(response["HX-Trigger-After-Settle"])
    assert trigger == {"annotation-created": {"id": annotation.pk}}


def test_plain_post_redirects_to_the_new_highlight(client, user, article):
    client.force_login(user)
    response = client.post(create_url(article), selector(article, "ثلاثة", kind="highlight"))
    annotation = Annotation.objects.get()
    assert response["Location"] == f"{article.get_absolute_url()}#annotation-{annotation.pk}"


def test_json_create_returns_a_w3c_annotation(client, user, article):
    client.force_login(user)
    data = selector(article, "الأسعار ستنخفض", kind="quote", tags=["أسعار"])
    response = client.post(create_url(article), data, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["type"] == "Annotation"
    assert body["target"]["selector"][1]["exact"] == "الأسعار ستنخفض"
    assert Annotation.objects.get().tags == ["أسعار"]


@pytest.mark.parametrize(
    "payload",
    [b"{not json", b"[1, 2]", b"\xff\xfe", b'"text"'],
    ids=["broken", "list", "bytes", "string"],
)
def test_bad_json_is_a_400_with_an_arabic_message(client, user, article, payload):
    client.force_login(user)
    response = client.post(create_url(article), payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("الطلب")


@pytest.mark.parametrize(
    "change,message",
    [
        ({"exact": "نص غير موجود في المقال"}, "غير موجود في المقال"),
        ({"exact": "   "}, "مسافات فقط"),
        ({"exact": ""}, "لم يُحدَّد أي نص"),
        ({"exact": "ب" * 3001}, "أطول من 3000"),
        ({"start": "abc"}, "موضع النص المحدد غير صالح"),
        ({"end": -4}, "موضع النص المحدد غير صالح"),
        ({"kind": "poem"}, "خيار"),
    ],
)
def test_forged_or_stale_selectors_are_a_400_never_a_500(client, user, article, change, message):
    client.force_login(user)
    data = {**selector(article, "ثلاثة"), **change}
    response = client.post(create_url(article), data, content_type="application/json")
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"]), response.json()
    assert not Annotation.objects.exists()


def test_htmx_validation_error_is_an_arabic_fragment(client, user, article):
    client.force_login(user)
    response = client.post(
        create_url(article), selector(article, "ثلاثة", kind="comment"), headers=HX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="annotate-errors"' in html and "اكتب نص التعليق" in html


def test_plain_validation_error_is_a_page_with_a_way_back(client, user, article):
    client.force_login(user)
    response = client.post(create_url(article), selector(article, "ثلاثة", exact="مفقود"))
    assert response.status_code == 400
    assert article.get_absolute_url() in response.content.decode()


def test_double_submission_creates_one_annotation(client, user, article):
    client.force_login(user)
    data = selector(article, "ثلاثة", client_key=str(uuid.uuid4()))
    first = client.post(create_url(article), data, headers=HX)
    second = client.post(create_url(article), data, headers=HX)
    assert first.status_code == second.status_code == 200
    assert Annotation.objects.count() == 1


def test_cannot_annotate_a_draft_you_cannot_read(client, user):
    draft = factories.make_article(status="draft")
    client.force_login(user)
    data = selector(draft, "الفقرة الأولى")
    assert client.post(create_url(draft), data).status_code == 404


def test_csrf_is_enforced(user, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(create_url(article), selector(article, "ثلاثة"), headers=HX)
    assert response.status_code == 403
    page = client.get(article.get_absolute_url())
    # The token as the page's script finds it (the page kept for readers puts it in).
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        create_url(article), selector(article, "ثلاثة"), headers={**HX, "X-CSRFToken": str(token)}
    )
    assert response.status_code == 200
    assert Annotation.objects.count() == 1


# --- Hostile text ------------------------------------------------------------------

HOSTILE = {
    "html": '<img src=x onerror="alert(1)"><b>غامق</b>',
    "script": "<script>alert('x')</script>",
    "bidi": "\u202eمقلوب\u202c \u2067معزول\u2069 \u202a\u202b\u202d\u2066\u2068",
    "zero_width": "كلمة\u200bمخفية\u200c\u200d\ufeff",
    "long": "ت" * 10_000,
    "newlines": "سطر أول\r\nسطر ثان\n\n  مسافات  ",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_comments_are_stored_exactly_and_shown_escaped(client, user, article, name):
    text = HOSTILE[name]
    client.force_login(user)
    response = client.post(
        create_url(article), selector(article, "ثلاثة", comment=text, tags=text[:40]), headers=HX
    )
    assert response.status_code == 200, response.content.decode()
    annotation = Annotation.objects.get()
    assert annotation.comment == text
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert '<p class="anno-card__comment" dir="auto">' in html
    assert "<bdi>" in html  # tags are isolated


def test_whitespace_only_comment_is_refused(client, user, article):
    client.force_login(user)
    response = client.post(
        create_url(article),
        selector(article, "ثلاثة", comment=" \n\t "),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "مسافات فقط" in response.json()["errors"][0]


def test_too_long_comment_is_refused_not_truncated(client, user, article):
    client.force_login(user)
    response = client.post(
        create_url(article),
        selector(article, "ثلاثة", comment="ت" * 10_001),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "10,000" in response.json()["errors"][0]
    assert not Annotation.objects.exists()


# --- Editing, deleting, replying ------------------------------------------------------


def test_other_user_cannot_edit_or_delete(client, other_user, public_annotation):
    client.force_login(other_user)
    edit = client.post(
        f"/annotations/{public_annotation.pk}/edit/",
        {"kind": "highlight", "visibility": "public", "comment": "اختراق", "tags": ""},
    )
    delete = client.post(f"/annotations/{public_annotation.pk}/delete/")
    assert edit.status_code == delete.status_code == 403
    public_annotation.refresh_from_db()
    assert public_annotation.comment == "رقم يحتاج مصدرًا"


def test_other_users_private_annotation_is_404_everywhere(client, other_user, private_annotation):
    client.force_login(other_user)
    pk = private_annotation.pk
    assert client.get(f"/annotations/{pk}/").status_code == 404
    assert client.post(f"/annotations/{pk}/edit/", {"kind": "comment"}).status_code == 404
    assert client.post(f"/annotations/{pk}/delete/").status_code == 404
    assert client.post(f"/annotations/{pk}/replies/", {"body": "مرحبًا"}).status_code == 404
    assert Annotation.objects.filter(pk=pk).exists()


def test_anonymous_cannot_edit_delete_or_reply(client, public_annotation):
    pk = public_annotation.pk
    for url in (
        f"/annotations/{pk}/edit/",
        f"/annotations/{pk}/delete/",
        f"/annotations/{pk}/replies/",
    ):
        response = client.post(url, {"body": "x", "kind": "claim"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        response = client.post(url, {"body": "x"}, headers=HX)
        assert "/accounts/login/" in response["HX-Redirect"]
    assert Annotation.objects.filter(pk=pk).exists() and not Reply.objects.exists()


def test_author_edits_inline_with_htmx(client, user, public_annotation):
    client.force_login(user)
    url = f"/annotations/{public_annotation.pk}/edit/"
    form = client.get(url, headers=HX)
    assert form.status_code == 200
    assert 'name="comment"' in form.content.decode() and "رقم يحتاج مصدرًا" in form.content.decode()
    response = client.post(
        url,
        {"kind": "quote", "visibility": "private", "comment": "تعديل", "tags": "أ، ب"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "anno--quote" in response.content.decode()
    public_annotation.refresh_from_db()
    assert (public_annotation.kind, public_annotation.visibility) == ("quote", "private")
    assert public_annotation.tags == ["أ", "ب"]


def test_edit_errors_come_back_in_the_card(client, user, public_annotation):
    client.force_login(user)
    response = client.post(
        f"/annotations/{public_annotation.pk}/edit/",
        {"kind": "comment", "visibility": "public", "comment": "", "tags": ""},
        headers=HX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="card-{public_annotation.pk}"' in html and "اكتب نص التعليق" in html


def test_edit_without_js_has_its_own_page(client, user, public_annotation):
    client.force_login(user)
    url = f"/annotations/{public_annotation.pk}/edit/"
    assert "تعديل ملاحظة" in client.get(url).content.decode()
    response = client.post(
        url, {"kind": "claim", "visibility": "public", "comment": "ج", "tags": ""}
    )
    assert response["Location"] == f"/annotations/{public_annotation.pk}/"


def test_author_deletes_and_the_marks_go(client, user, public_annotation, article):
    client.force_login(user)
    response = client.post(f"/annotations/{public_annotation.pk}/delete/", headers=HX)
    assert response.status_code == 200
    assert "<mark" not in response.content.decode()
    assert not Annotation.objects.exists()


def test_reply_one_level(client, other_user, public_annotation):
    client.force_login(other_user)
    url = f"/annotations/{public_annotation.pk}/replies/"
    assert 'name="body"' in client.get(url, headers=HX).content.decode()
    response = client.post(
        url, {"body": "<b>مصدر؟</b>", "client_key": str(uuid.uuid4())}, headers=HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;b&gt;مصدر؟&lt;/b&gt;" in html
    assert Reply.objects.get().annotation == public_annotation
    blank = client.post(url, {"body": "   "}, headers=HX)
    assert blank.status_code == 400 and "مسافات فقط" in blank.content.decode()


# --- Permalinks ------------------------------------------------------------------------


def test_permalink_redirects_to_the_article_fragment(client, public_annotation, article):
    response = client.get(f"/annotations/{public_annotation.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#annotation-{public_annotation.pk}"


def test_private_permalink_only_for_its_author(client, user, private_annotation):
    url = f"/annotations/{private_annotation.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 302


def test_hidden_permalink_is_404(client, user, public_annotation):
    public_annotation.hidden_at = timezone.now()
    public_annotation.save()
    assert client.get(f"/annotations/{public_annotation.pk}/").status_code == 404
    client.force_login(user)
    assert client.get(f"/annotations/{public_annotation.pk}/").status_code == 404


# --- The article page ----------------------------------------------------------------------


def test_article_page_draws_public_marks_and_cards_for_anonymous(
    client, public_annotation, article
):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="annotation-{public_annotation.pk}"' in html
    assert f'id="card-{public_annotation.pk}"' in html
    assert "ملاحظات القراء" in html and "(ملاحظة واحدة)" in html
    assert 'data-offset="0"' in html
    assert "سجّل الدخول" in html and 'id="annotate-toolbar"' not in html


def test_private_annotation_is_absent_for_others_including_counts(
    client, other_user, private_annotation, public_annotation, article
):
    client.force_login(other_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "سرّي" not in html
    assert f"annotation-{private_annotation.pk}" not in html
    assert "(ملاحظة واحدة)" in html
    client.logout()
    assert "سرّي" not in client.get(article.get_absolute_url()).content.decode()


def test_author_sees_own_private_annotation_and_toolbar(client, user, private_annotation, article):
    client.force_login(user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "سرّي" in html and "خاص" in html
    assert 'id="annotate-toolbar"' in html


def test_hidden_annotation_is_absent_for_others(client, other_user, public_annotation, article):
    public_annotation.hidden_at = timezone.now()
    public_annotation.save()
    client.force_login(other_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "رقم يحتاج مصدرًا" not in html and "<mark" not in html


def test_detached_annotation_is_listed_with_its_quote_not_drawn(client, user, article):
    annotation = annotate(article, user, "بيان مشترك")
    article.body = article.body.replace("بيان مشترك", "تصريح")
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "انفصلت عن النص" in html
    assert "بـــبيان مشترك" in html
    assert "<mark" not in html
    assert f'id="annotation-{annotation.pk}"' in html  # the permalink still lands on its card


def test_text_changed_around_the_services_is_never_drawn_at_stale_offsets(client, user, article):
    annotation = annotate(article, user, "الأسعار ستنخفض")
    # A queryset update skips the services' re-anchoring: the old offsets now point at
    # other words, so the page lists the annotation as detached instead of drawing it.
    from annotations.services import annotations_reanchor
    from articles.models import Article

    Article.objects.filter(pk=article.pk).update(body="تمهيد.\n\n" + article.body, text_version=2)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'aria-describedby="card-{annotation.pk}"' not in html
    assert f'id="card-{annotation.pk}"' in html  # still listed, never lost
    # Once re-anchored (what editorial.services does on every edit) it is drawn again.
    annotations_reanchor(article=Article.objects.get(pk=article.pk))
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'aria-describedby="card-{annotation.pk}" tabindex="0">الأسعار ستنخفض</mark>' in html


def test_panel_filters_work_without_and_with_htmx(client, user, other_user, article):
    claim = annotate(article, user, "ثلاثة", kind="claim")
    quote = annotate(article, other_user, "الأسعار", kind="quote")
    html = client.get(article.get_absolute_url() + "?kind=quote").content.decode()
    assert f'id="card-{quote.pk}"' in html and f'id="card-{claim.pk}"' not in html
    # The text still shows every annotation.
    assert f'id="annotation-{claim.pk}"' in html
    client.force_login(user)
    response = client.get(
        article.get_absolute_url() + "?who=mine",
        headers={**HX, "HX-Target": "annotations-panel"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<details class="anno-panel" id="annotations-panel"')
    assert f'id="card-{claim.pk}"' in html and f'id="card-{quote.pk}"' not in html


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_article_page_query_count_is_constant(
    client, django_assert_num_queries, article, signed_in
):
    authors = [factories.make_user() for _ in range(5)]
    if signed_in:
        client.force_login(authors[0])
    words = article.body.split()
    annotate(article, authors[0], words[1], kind="claim")
    # Someone else's card too: a signed-in reader's page then looks up their flags once.
    annotate(article, authors[1], words[2], kind="comment", comment="أول")
    url = article.get_absolute_url()
    if signed_in:
        _page_queries(client, url)  # the reader's editor role is asked once, then kept
    two = _page_queries(client, url)
    for i in range(198):
        annotation = annotate(
            article, authors[i % 5], words[i % len(words)], kind="quote", comment=f"تعليق {i}"
        )
        Reply.objects.create(annotation=annotation, author=authors[(i + 1) % 5], body="رد")
    assert Annotation.objects.count() == 200
    if signed_in:
        _page_queries(client, url)  # they wrote more: "anything of mine here?" asked again
    with django_assert_num_queries(two):
        response = client.get(url)
    html = response.content.decode()
    # Every annotation is drawn; the panel shows one page of cards.
    assert html.count('id="annotation-') == 200
    assert html.count('class="anno-card ') == PANEL_PAGE_SIZE


def test_panel_pages_in_reading_order_and_around_an_annotation(client, user, article):
    words = sorted({(article.body.index(w), w) for w in article.body.split()})
    made = [annotate(article, user, w, comment=f"رقم {i}") for i, (_, w) in enumerate(words)]
    assert len(made) > PANEL_PAGE_SIZE
    first = client.get(article.get_absolute_url()).content.decode()
    assert f'id="card-{made[0].pk}"' in first and f'id="card-{made[-1].pk}"' not in first
    # Marks only point at cards that are on the page.
    assert f'aria-describedby="card-{made[-1].pk}"' not in first
    assert 'rel="next" href="?panel=2#annotations-panel"' in first
    last_page = -(-len(made) // PANEL_PAGE_SIZE)
    last = client.get(article.get_absolute_url() + f"?panel={last_page}").content.decode()
    assert f'id="card-{made[-1].pk}"' in last and f'id="card-{made[0].pk}"' not in last
    assert 'rel="next"' not in last
    around = client.get(
        article.get_absolute_url() + f"?around={made[-1].pk}",
        headers={**HX, "HX-Target": "annotations-panel"},
    ).content.decode()
    assert f'id="card-{made[-1].pk}"' in around


def test_reply_without_js_has_its_own_page(client, other_user, public_annotation):
    client.force_login(other_user)
    url = f"/annotations/{public_annotation.pk}/replies/"
    page = client.get(url).content.decode()
    assert "الرد على ملاحظة" in page and f'id="card-{public_annotation.pk}-form-body"' in page
    response = client.post(url, {"body": "ردّ بلا جافاسكربت"})
    assert response["Location"] == f"/annotations/{public_annotation.pk}/"
    assert Reply.objects.get().body == "ردّ بلا جافاسكربت"


def test_reply_admin_lists_replies(client, staff_user, public_annotation, other_user):
    Reply.objects.create(annotation=public_annotation, author=other_user, body="رد للمشرف")
    client.force_login(staff_user)
    assert "رد للمشرف" in client.get("/admin/annotations/reply/").content.decode()


def test_card_alone_for_htmx_and_permalink_otherwise(
    client, other_user, public_annotation, private_annotation
):
    url = f"/annotations/{public_annotation.pk}/card/"
    card = client.get(url, headers=HX)
    assert card.content.decode().lstrip().startswith("<article")
    assert client.get(url)["Location"] == f"/annotations/{public_annotation.pk}/"
    client.force_login(other_user)
    assert client.get(f"/annotations/{private_annotation.pk}/card/", headers=HX).status_code == 404


def test_article_page_has_no_duplicate_ids(client, user, other_user, article):
    from collections import Counter
    from html.parser import HTMLParser

    class Ids(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids = Counter()

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name == "id":
                    self.ids[value] += 1

    annotate(article, user, "ثلاثة بالمئة", kind="claim")
    annotate(article, other_user, "ثلاثة بالمئة", kind="quote")  # same range
    annotate(article, user, "بالمئة هذا العام", kind="comment", comment="متداخل")
    gone = annotate(article, user, "بيان مشترك")
    article.body = article.body.replace("بيان مشترك", "تصريح")
    article.save()
    client.force_login(user)
    parser = Ids()
    parser.feed(client.get(article.get_absolute_url()).content.decode())
    assert parser.ids[f"annotation-{gone.pk}"] == 1
    assert [i for i, n in parser.ids.items() if n > 1] == []


def test_toolbar_posts_exactly_the_create_form_fields(client, user, article):
    import re as regex

    from annotations.forms import AnnotationCreateForm

    client.force_login(user)
    html = client.get(article.get_absolute_url()).content.decode()
    toolbar = html[
        html.index('<form id="annotate-toolbar"') : html.index(
            "</form>", html.index('id="annotate-toolbar"')
        )
    ]
    names = set(regex.findall(r'name="([a-z_]+)"', toolbar)) - {"csrfmiddlewaretoken"}
    assert names == set(AnnotationCreateForm.base_fields)
