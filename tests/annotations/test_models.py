import pytest
from django.db import IntegrityError
from django.utils import timezone

from annotations.models import Annotation
from tests import factories

pytestmark = pytest.mark.django_db


def test_visible_to_anonymous_shows_public_unhidden_only(
    article, public_annotation, private_annotation, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    hidden = Annotation.objects.create(
        article=article, author=public_annotation.author, kind="quote", start=0, end=4,
        exact=article.body[:4], text_version=1, anchored_version=1, hidden_at=timezone.now(),
    )  # fmt: skip
    visible = set(Annotation.objects.visible_to(AnonymousUser()))
    assert visible == {public_annotation}
    assert hidden not in visible


def test_visible_to_other_user_hides_private_and_hidden(
    public_annotation, private_annotation, other_user
):
    public_annotation.hidden_at = timezone.now()
    public_annotation.save()
    assert list(Annotation.objects.visible_to(other_user)) == []


def test_author_sees_own_private_and_hidden(public_annotation, private_annotation, user):
    public_annotation.hidden_at = timezone.now()
    public_annotation.save()
    assert set(Annotation.objects.visible_to(user)) == {public_annotation, private_annotation}


def test_staff_see_hidden_public_but_not_others_private(
    public_annotation, private_annotation, staff_user
):
    public_annotation.hidden_at = timezone.now()
    public_annotation.save()
    assert list(Annotation.objects.visible_to(staff_user)) == [public_annotation]


def test_client_key_is_unique_per_author(article, user):
    import uuid

    key = uuid.uuid4()
    fields = dict(article=article, author=user, start=0, end=4, exact=article.body[:4],
                  text_version=1, anchored_version=1, client_key=key)  # fmt: skip
    Annotation.objects.create(**fields)
    Annotation.objects.create(**{**fields, "author": factories.make_user()})
    with pytest.raises(IntegrityError):
        Annotation.objects.create(**fields)


def test_range_must_not_be_empty(article, user):
    with pytest.raises(IntegrityError):
        Annotation.objects.create(
            article=article, author=user, start=4, end=4, exact="", text_version=1,
            anchored_version=1,
        )  # fmt: skip


def test_str_and_urls(public_annotation):
    assert str(public_annotation) == "ادعاء: ثلاثة بالمئة"
    assert public_annotation.get_absolute_url() == f"/annotations/{public_annotation.pk}/"
