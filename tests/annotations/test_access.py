"""An annotation is as visible as its article (issue 9, part 5): role x endpoint.

For a draft and a scheduled article, every endpoint that shows or acts on one
of its annotations answers 404 to everyone who may not read the article (the
annotation's own author and editors who are not staff included), and never
shows its quote; staff keep access. For a published article nothing changes.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Annotation, Reply
from articles.models import Article
from newsroom.models import Flag
from tests import factories

QUOTE = "ثلاثة بالمئة"
BODY = "قال الوزير إن النمو بلغ ثلاثة بالمئة هذا العام.\n\nوأضاف أن الأسعار ستنخفض."
ROLES = ["anonymous", "author", "other_reader", "editor", "staff"]
STATES = ["draft", "scheduled", "published"]


@pytest.fixture
def people(db):
    return {
        "anonymous": None,
        "author": factories.make_user("author"),
        "other_reader": factories.make_user("other"),
        "editor": factories.make_editor("editor_not_staff"),
        "staff": factories.make_user("staff_member", is_staff=True),
    }


def annotated_article(state: str, author) -> Annotation:
    fields = {"body": BODY}
    if state == "draft":
        fields["status"] = Article.Status.DRAFT
    elif state == "scheduled":
        fields["published_at"] = timezone.now() + timedelta(days=2)
    article = factories.make_article(**fields)
    return factories.make_annotation(
        article=article, author=author, kind="quote", exact=QUOTE, comment="تعليق على الرقم"
    )


def request(client, endpoint: str, annotation: Annotation):
    htmx = {"HTTP_HX_REQUEST": "true"}
    if endpoint == "card":
        return client.get(reverse("annotations:card", args=[annotation.pk]), **htmx)
    if endpoint == "permalink":
        return client.get(reverse("annotations:permalink", args=[annotation.pk]))
    if endpoint == "reply":
        url = reverse("annotations:reply", args=[annotation.pk])
        return client.post(url, {"body": "رد على التعليق"}, **htmx)
    if endpoint == "flag":
        url = reverse("newsroom:annotation_flag", args=[annotation.pk])
        return client.post(url, {"reason": "إساءة"})
    if endpoint == "edit":
        return client.get(reverse("annotations:edit", args=[annotation.pk]), **htmx)
    if endpoint == "mine":
        return client.get(reverse("annotations:mine"))
    raise AssertionError(endpoint)


ENDPOINTS = ["card", "permalink", "reply", "flag", "edit", "mine"]


@pytest.mark.parametrize("state", ["draft", "scheduled"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_annotations_of_an_article_the_user_may_not_read_are_invisible(
    client, people, role, state, endpoint
):
    annotation = annotated_article(state, people["author"])
    if people[role] is not None:
        client.force_login(people[role])
    response = request(client, endpoint, annotation)
    content = response.content.decode()
    if role == "staff":
        # Staff read drafts and scheduled articles, and their annotations.
        assert response.status_code < 400 or endpoint in ("edit", "flag")
        return
    if endpoint == "mine":
        assert response.status_code in (200, 302)
        assert QUOTE not in content
        return
    login_redirect = response.get("Location", "") or response.get("HX-Redirect", "")
    if role == "anonymous" and "/login/" in login_redirect:
        pass  # asked to sign in first: shows nothing
    else:
        assert response.status_code == 404, (role, endpoint, response.status_code)
    assert QUOTE not in content
    # And nothing was written through it.
    assert not Reply.objects.exists()
    assert not Flag.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "author", "other_reader", "editor", "staff"])
def test_a_published_articles_public_annotation_card_is_visible_to_every_role(client, people, role):
    annotation = annotated_article("published", people["author"])
    if people[role] is not None:
        client.force_login(people[role])
    response = request(client, "card", annotation)
    assert response.status_code == 200
    assert QUOTE in response.content.decode()


def test_author_sees_an_annotation_again_once_the_article_is_published(client, people):
    annotation = annotated_article("draft", people["author"])
    client.force_login(people["author"])
    assert request(client, "card", annotation).status_code == 404
    Article.objects.filter(pk=annotation.article_id).update(status=Article.Status.PUBLISHED)
    assert request(client, "card", annotation).status_code == 200


def test_visible_to_filters_on_the_article_in_one_query(people, django_assert_num_queries):
    annotated_article("draft", people["author"])
    published = annotated_article("published", people["author"])
    with django_assert_num_queries(1):
        visible = list(Annotation.objects.visible_to(people["author"]))
    assert visible == [published]
    assert len(Annotation.objects.visible_to(people["staff"])) == 2
