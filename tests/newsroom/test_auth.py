"""newsroom.auth.NewsroomBackend loads the signed-in user with their editor role, so
is_editor asks nothing more; it refuses whom ModelBackend refuses."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from newsroom.auth import NewsroomBackend
from newsroom.permissions import EDITORS_GROUP, is_editor
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("editor", [True, False])
def test_the_role_comes_with_the_user(editor, django_assert_num_queries):
    user = factories.make_editor() if editor else factories.make_user()
    with django_assert_num_queries(1):
        loaded = NewsroomBackend().get_user(user.pk)
        assert is_editor(loaded) is editor


def test_membership_of_another_group_is_not_the_role():
    user = factories.make_user()
    user.groups.add(Group.objects.create(name="readers-club"))
    Group.objects.get_or_create(name=EDITORS_GROUP)
    assert is_editor(NewsroomBackend().get_user(user.pk)) is False


def test_inactive_and_missing_users_are_not_loaded():
    user = factories.make_user()
    user.is_active = False
    user.save()
    assert NewsroomBackend().get_user(user.pk) is None
    assert NewsroomBackend().get_user(10**9) is None


def test_signing_in_through_the_form_uses_it(client):
    user = factories.make_user("huda")
    user.set_password("a-long-pass-phrase-9")
    user.save()
    response = client.post(
        "/accounts/login/", {"username": "huda", "password": "a-long-pass-phrase-9"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "newsroom.auth.NewsroomBackend"
