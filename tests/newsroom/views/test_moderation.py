from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from newsroom import services
from newsroom.models import Flag
from tests.factories import make_annotation

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- Flags -----------------------------------------------------------------------------


def test_flag_requires_login(client, claim):
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    response = client.post(url, {"category": "abuse"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Flag.objects.exists()


def test_reader_flags_a_public_annotation_once(client, reader, claim):
    client.force_login(reader)
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    form = client.get(url).content.decode()
    assert 'type="radio"' in form and "معلومات مضللة" in form and "<legend>" in form
    response = client.post(url, {"category": "misleading", "reason": "الرقم خطأ"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#annotation-{claim.pk}")
    flag = Flag.objects.get()
    assert (flag.category, flag.reason) == ("misleading", "الرقم خطأ")
    # The second visit shows the earlier flag, not a second form; a POST is refused.
    earlier = client.get(url)
    assert earlier.status_code == 200
    html = earlier.content.decode()
    assert "أبلغت عن هذا التعليق من قبل" in html and "الرقم خطأ" in html
    assert 'type="radio"' not in html
    again = client.post(url, {"category": "abuse"})
    assert again.status_code == 400
    assert "أبلغت عن هذا التعليق من قبل" in again.content.decode()
    assert Flag.objects.count() == 1
    # The card says so too, instead of the flag link.
    card = client.get(claim.article.get_absolute_url()).content.decode()
    assert "أبلغت عنه" in card


def test_flag_reason_is_one_of_the_list_and_other_needs_words(client, reader, claim):
    client.force_login(reader)
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    for data, message in [
        ({"reason": "  "}, "اختر سبب البلاغ."),
        ({"category": "rude"}, "اختر سبب البلاغ من القائمة."),
        ({"category": "other", "reason": "   "}, "اكتب سبب البلاغ حين تختار «أخرى»."),
        ({"category": "abuse", "reason": "x" * 1001}, "1000"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Flag.objects.exists()
    assert client.post(url, {"category": "other", "reason": "مكرر"}).status_code == 302
    assert Flag.objects.get().summary == "أخرى: مكرر"


def test_private_or_hidden_annotations_cannot_be_flagged_by_others(client, reader, staff, article):
    private = make_annotation(article=article, visibility="private")
    hidden = make_annotation(article=article)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    client.force_login(reader)
    for annotation in (private, hidden):
        url = reverse("newsroom:annotation_flag", args=[annotation.pk])
        assert client.post(url, {"category": "abuse"}).status_code == 404
    assert not Flag.objects.exists()
