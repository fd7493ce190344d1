"""Client tests: editing, deleting and flagging replies, per role and per action, and
staff edits of replies in the admin writing the moderation log."""

import pytest
from django.urls import reverse

from annotations.models import Reply
from newsroom.models import Flag, ModerationLog
from tests import factories

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def replier(db):
    return factories.make_user("replier")


@pytest.fixture
def reply(public_annotation, replier):
    return Reply.objects.create(annotation=public_annotation, author=replier, body="ردّ أول")


def edit_url(reply):
    return f"/replies/{reply.pk}/edit/"


def delete_url(reply):
    return f"/replies/{reply.pk}/delete/"


def flag_url(reply):
    return f"/replies/{reply.pk}/flag/"


# --- Anonymous ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [edit_url, flag_url])
def test_anonymous_is_sent_to_sign_in(client, reply, url, method):
    response = getattr(client, method)(url(reply), {"body": "x", "reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Reply.objects.get().body == "ردّ أول" and not Flag.objects.exists()


def test_anonymous_cannot_delete(client, reply):
    response = client.post(delete_url(reply))
    assert response.status_code == 302
    assert Reply.objects.filter(pk=reply.pk).exists()


# --- Author ------------------------------------------------------------------------


def test_author_edits_reply_without_js(client, reply, replier):
    client.force_login(replier)
    page = client.get(edit_url(reply))
    assert page.status_code == 200 and "ردّ أول" in page.content.decode()
    response = client.post(edit_url(reply), {"body": "  ردّ  معدّل\n"})
    assert response.status_code == 302
    # Kept exactly as written: no strip, no collapsing.
    assert Reply.objects.get().body == "  ردّ  معدّل\n"


def test_author_edits_reply_with_htmx_gets_the_card(client, reply, replier, public_annotation):
    client.force_login(replier)
    form = client.get(edit_url(reply), headers=HX)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'id="{public_annotation.card_id}"' in html and "احفظ الرد" in html
    response = client.post(edit_url(reply), {"body": "ردّ بعد التعديل"}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ردّ بعد التعديل" in html and "احفظ الرد" not in html


def test_author_blank_edit_is_refused_in_arabic(client, reply, replier):
    client.force_login(replier)
    response = client.post(edit_url(reply), {"body": "   "}, headers=HX)
    assert response.status_code == 400
    assert "مسافات فقط" in response.content.decode()
    assert Reply.objects.get().body == "ردّ أول"


def test_author_deletes_reply(client, reply, replier):
    client.force_login(replier)
    response = client.post(delete_url(reply), headers=HX)
    assert response.status_code == 200 and "ردّ أول" not in response.content.decode()
    assert not Reply.objects.exists()


def test_author_deletes_reply_without_js(client, reply, replier):
    client.force_login(replier)
    assert client.post(delete_url(reply)).status_code == 302
    assert not Reply.objects.exists()


def test_author_cannot_flag_own_reply(client, reply, replier):
    client.force_login(replier)
    assert client.post(flag_url(reply), {"category": "abuse"}).status_code == 403
    assert not Flag.objects.exists()


def test_delete_needs_post(client, reply, replier):
    client.force_login(replier)
    assert client.get(delete_url(reply)).status_code == 405
    assert Reply.objects.exists()


# --- Another reader ----------------------------------------------------------------


def test_other_reader_cannot_edit_or_delete(client, reply, other_user):
    client.force_login(other_user)
    assert client.get(edit_url(reply)).status_code == 403
    assert client.post(edit_url(reply), {"body": "تخريب"}).status_code == 403
    assert client.post(delete_url(reply)).status_code == 403
    assert Reply.objects.get().body == "ردّ أول"


def test_other_reader_flags_reply_once(client, reply, other_user, public_annotation):
    client.force_login(other_user)
    assert client.get(flag_url(reply)).status_code == 200
    response = client.post(flag_url(reply), {"category": "off_topic"})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.category, flag.reason) == ("off_topic", "")
    assert (flag.reply, flag.annotation, flag.user) == (reply, public_annotation, other_user)
    log = ModerationLog.objects.get()
    assert log.action == ModerationLog.Action.REPLY_FLAG and log.reply_ref == reply.pk
    again = client.post(flag_url(reply), {"category": "abuse"})
    assert again.status_code == 400 and "أبلغت عن هذا الرد من قبل" in again.content.decode()
    assert Flag.objects.count() == 1
    # The page and the card show the earlier flag instead of a second form.
    page = client.get(flag_url(reply)).content.decode()
    assert "خارج الموضوع" in page and 'type="radio"' not in page
    card = client.get(public_annotation.article.get_absolute_url()).content.decode()
    assert "أبلغت عن الرد" in card


def test_flagging_a_reply_does_not_block_flagging_its_annotation(
    client, reply, other_user, public_annotation
):
    client.force_login(other_user)
    client.post(flag_url(reply), {"category": "abuse"})
    url = reverse("newsroom:annotation_flag", args=[public_annotation.pk])
    assert client.post(url, {"category": "misleading"}).status_code == 302
    assert Flag.objects.filter(reply=None, annotation=public_annotation).count() == 1


def test_flag_reason_required(client, reply, other_user):
    client.force_login(other_user)
    response = client.post(flag_url(reply), {"reason": ""})
    assert response.status_code == 400 and not Flag.objects.exists()
    response = client.post(flag_url(reply), {"category": "other", "reason": " "})
    assert response.status_code == 400 and "«أخرى»" in response.content.decode()
    assert not Flag.objects.exists()


def test_card_shows_each_role_its_buttons(client, reply, replier, other_user, article):
    client.force_login(replier)
    html = client.get(article.get_absolute_url()).content.decode()
    assert edit_url(reply) in html and delete_url(reply) in html and flag_url(reply) not in html
    client.force_login(other_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert edit_url(reply) not in html and flag_url(reply) in html
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "ردّ أول" in html and flag_url(reply) not in html and edit_url(reply) not in html


# --- What may not be seen: 404 -----------------------------------------------------


def test_reply_under_private_annotation_is_404_to_others(
    client, private_annotation, replier, other_user
):
    # Only the annotation's author sees a private annotation, so only they could reply;
    # a reply put there by anyone else stays invisible to the rest.
    reply = Reply.objects.create(annotation=private_annotation, author=replier, body="ردّ")
    client.force_login(other_user)
    for url in (edit_url, delete_url, flag_url):
        assert client.post(url(reply), {"body": "x", "reason": "x"}).status_code == 404
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_reply_on_unpublished_article_is_404(client, replier, user):
    draft = factories.make_article(status="draft")
    annotation = factories.make_annotation(article=draft, author=user)
    reply = Reply.objects.create(annotation=annotation, author=replier, body="ردّ")
    client.force_login(replier)
    assert client.get(edit_url(reply)).status_code == 404
    assert client.post(delete_url(reply)).status_code == 404
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_hidden_reply_is_404_to_other_readers(client, reply, other_user):
    Reply.objects.filter(pk=reply.pk).update(hidden_at="2026-01-01T00:00:00Z")
    client.force_login(other_user)
    assert client.get(flag_url(reply)).status_code == 404


def test_missing_reply_is_404(client, other_user):
    client.force_login(other_user)
    assert client.get("/replies/999999/edit/").status_code == 404


# --- Staff -------------------------------------------------------------------------


def test_staff_cannot_edit_a_readers_reply_on_the_site(client, reply, staff_user):
    client.force_login(staff_user)
    assert client.post(edit_url(reply), {"body": "x"}).status_code == 403
    assert client.post(delete_url(reply)).status_code == 403


def test_staff_edit_in_admin_writes_the_moderation_log(client, reply, staff_user):
    client.force_login(staff_user)
    url = f"/admin/annotations/reply/{reply.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "نص مهذّب", "hidden_at_0": "", "hidden_at_1": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Reply.objects.get().body == "نص مهذّب"
    log = ModerationLog.objects.get()
    assert log.action == ModerationLog.Action.REPLY_EDIT
    assert (log.actor, log.reply_ref) == (staff_user, reply.pk)
    assert "ردّ أول" in log.reason  # what it said before


def test_staff_delete_in_admin_writes_the_moderation_log(client, reply, staff_user):
    client.force_login(staff_user)
    response = client.post(f"/admin/annotations/reply/{reply.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Reply.objects.exists()
    log = ModerationLog.objects.get()
    assert log.action == ModerationLog.Action.REPLY_DELETE and "ردّ أول" in log.reason
