"""A deleted annotation's IRI answers 410 Gone, whoever deleted it: its author on the
site, staff in the admin (one or several), or a client through the API."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from annotations.models import Annotation, AnnotationTombstone
from tests import factories

from .conftest import Api

pytestmark = pytest.mark.django_db


def iri(annotation) -> str:
    return f"/api/articles/{annotation.article_id}/annotations/{annotation.pk}"


@pytest.fixture
def reader(db):
    return factories.make_user("reader_t")


@pytest.fixture
def made(article, reader):
    words = article.paragraphs[0].split()
    return [
        factories.annotate(article, reader, w, kind="comment", comment="رأي") for w in words[:3]
    ]


def test_deleted_on_the_site_is_gone(client, made, reader):
    client.force_login(reader)
    assert Api(client).get(iri(made[0])).status_code == 200
    assert client.post(f"/annotations/{made[0].pk}/delete/").status_code == 302
    gone = Api(Client()).get(iri(made[0]))
    assert gone.status_code == 410 and gone.json()["error"] == "gone"
    assert gone.json()["message"]["ar"] and gone.json()["message"]["en"]


def test_deleted_in_the_admin_is_gone_one_or_several(client, made):
    iris = [iri(a) for a in made]
    pks = [a.pk for a in made]
    client.force_login(factories.make_user("staff_t", is_staff=True, is_superuser=True))
    one = client.post(f"/admin/annotations/annotation/{made[0].pk}/delete/", {"post": "yes"})
    assert one.status_code == 302
    several = client.post(
        "/admin/annotations/annotation/",
        {
            "action": "delete_selected",
            "post": "yes",
            ACTION_CHECKBOX_NAME: [made[1].pk, made[2].pk],
        },
    )
    assert several.status_code == 302
    assert not Annotation.objects.filter(pk__in=pks).exists()
    for gone in iris:
        assert Api(Client()).get(gone).status_code == 410


def test_the_tombstone_answers_only_under_its_own_article(made, article):
    from newsroom import services

    pk = made[0].pk
    services.annotation_delete(annotation=made[0])
    assert AnnotationTombstone.objects.filter(pk=pk, article_id=article.pk).exists()
    other = factories.make_article()
    wrong = f"/api/articles/{other.pk}/annotations/{pk}"
    assert Api(Client()).get(wrong).status_code == 404


def test_a_never_made_annotation_is_404_not_410(article):
    assert Api(Client()).get(f"/api/articles/{article.pk}/annotations/987654").status_code == 404
