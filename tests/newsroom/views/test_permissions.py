from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from newsroom.models import QuoteAttribution, ReviewStatus
from tests.newsroom.helpers import editor_requests, review_of, snapshot

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- Permissions -------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, claim, quote, evidence):
    before = snapshot(claim, quote)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot(claim, quote) == before


def test_anonymous_htmx_gets_a_client_redirect(client, claim):
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "reviewed"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert review_of(claim).status == ReviewStatus.UNREVIEWED


def test_readers_get_403_on_every_editor_action_and_nothing_changes(
    client, reader, claim, quote, evidence
):
    client.force_login(reader)
    before = snapshot(claim, quote)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    assert snapshot(claim, quote) == before


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_editors_and_staff_can_do_every_editor_action(
    client, claim, quote, evidence, role, editor, staff
):
    client.force_login(editor if role == "editor" else staff)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    review = review_of(claim)
    assert (review.status, review.verdict) == ("reviewed", 2)
    assert list(review.evidence.values_list("title", flat=True)) == ["مصدر"]
    assert QuoteAttribution.objects.get(annotation=quote).speaker.name == "جديد"


def test_csrf_is_enforced(claim, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]), {"status": "reviewed"}
    )
    assert response.status_code == 403
    assert review_of(claim).status == ReviewStatus.UNREVIEWED


# --- The kept editor role (newsroom.permissions) --------------------------------------


def _queue_status(user) -> int:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("newsroom:claim_queue")).status_code


def test_losing_or_gaining_the_role_counts_at_once_however_membership_changes(reader):
    from django.contrib.auth.models import Group

    from newsroom.permissions import EDITORS_GROUP

    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    assert _queue_status(reader) == 403  # "not an editor" is now kept
    reader.groups.add(editors)
    assert _queue_status(reader) == 200  # "an editor" is now kept
    editors.user_set.remove(reader)  # from the group's side
    assert _queue_status(reader) == 403
    editors.user_set.add(reader)
    assert _queue_status(reader) == 200
    reader.groups.clear()
    assert _queue_status(reader) == 403
    reader.groups.set([editors])
    assert _queue_status(reader) == 200
    editors.name = "former-editors"  # a renamed group is no longer the role
    editors.save()
    assert _queue_status(reader) == 403


def test_the_role_is_asked_once_then_kept(reader, django_assert_num_queries):
    from newsroom.permissions import is_editor

    assert is_editor(reader) is False
    fresh = type(reader).objects.get(pk=reader.pk)  # the next request's user object
    with django_assert_num_queries(0):
        assert is_editor(fresh) is False
