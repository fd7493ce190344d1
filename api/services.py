"""The API's writes: each in one transaction, calling the newsroom's annotation
services (the site's own write path) and its claim and speaker services by name."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from annotations import anchoring
from annotations import services as annotation_services
from annotations.models import Annotation, Reply
from articles.models import Article
from newsroom import services as newsroom
from newsroom.models import ClaimReview, QuoteAttribution, Speaker
from newsroom.permissions import is_editor
from search.arabic import normalise

from . import jsonld
from .models import ApiToken, CanonicalIri, hash_token, new_token


class Refused(Exception):
    def __init__(self, status: int, code: str, ar: str, en: str) -> None:
        super().__init__(en)
        self.status, self.code, self.ar, self.en = status, code, ar, en


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw token is returned once and never stored."""
    raw = new_token()
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "رمز", key_hash=hash_token(raw), hint=raw[:8]
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _speaker(*, editor, iri: str | None, name: str | None) -> Speaker:
    if iri:
        try:
            match = resolve(urlsplit(iri).path)
        except Resolver404:
            match = None
        if match is not None and match.view_name == "newsroom:speaker_detail":
            found = Speaker.objects.filter(pk=match.kwargs["pk"]).first()
            if found is not None and (not name or found.name == name):
                return found
    if not name:
        raise Refused(400, "bad_speaker", "المتحدث غير معروف.", "Unknown speaker.")
    found = Speaker.objects.filter(normalised_name=normalise(name.strip())).order_by("id").first()
    return found or newsroom.speaker_create(editor=editor, name=name)


def _apply_newsroom(*, annotation: Annotation, editor, parsed: jsonld.ParsedAnnotation) -> None:
    """The speaker and the claim review of the body: editors only, through the
    newsroom's services (which record the claim's history)."""
    wants_speaker = parsed.speaker_iri or parsed.speaker_name
    current = (
        QuoteAttribution.objects.filter(annotation=annotation).select_related("speaker").first()
    )
    review = ClaimReview.objects.filter(annotation=annotation).first()
    speaker_changed = bool(wants_speaker) != bool(current) or (
        current is not None and parsed.speaker_name not in (None, current.speaker.name)
    )
    review_changed = parsed.review is not None and (
        review is None
        or (parsed.review.status or review.status) != review.status
        or parsed.review.verdict != review.verdict
        or parsed.review.rationale != review.rationale
        or len(parsed.review.evidence) != review.evidence.count()
    )
    if not (speaker_changed or review_changed):
        return
    if not is_editor(editor):
        raise Refused(403, "editors_only", "نسبة المتحدث والمراجعة للمحررين فقط.",
                      "Only editors attribute speakers and review claims.")  # fmt: skip
    try:
        if speaker_changed:
            if wants_speaker:
                speaker = _speaker(editor=editor, iri=parsed.speaker_iri, name=parsed.speaker_name)
                newsroom.quote_attribute(annotation=annotation, editor=editor, speaker=speaker)
            else:
                newsroom.quote_unattribute(annotation=annotation, editor=editor)
        if review_changed and parsed.review is not None:
            changes = {"verdict": parsed.review.verdict, "rationale": parsed.review.rationale}
            if parsed.review.status:
                changes["status"] = parsed.review.status
            newsroom.claim_review_update(annotation=annotation, editor=editor, **changes)
            have = {
                (e.title, e.url)
                for e in ClaimReview.objects.get(annotation=annotation).evidence.all()
            }
            for item in parsed.review.evidence:
                if (item.title, item.url) not in have:
                    newsroom.evidence_add(
                        annotation=annotation, editor=editor, title=item.title, url=item.url
                    )
    except ValidationError as error:
        raise Refused(
            400, "invalid", "؛ ".join(error.messages), "The review or speaker is not valid."
        ) from None
    except PermissionDenied as error:
        raise Refused(403, "forbidden", str(error), "Not allowed.") from None


@transaction.atomic
def annotation_create_from_jsonld(
    *,
    article: Article,
    author,
    parsed: jsonld.ParsedAnnotation,
    editor=None,
    client_key: uuid.UUID | None = None,
) -> tuple[Annotation, bool]:
    """Anchor and create, exactly as the toolbar does (snap to words; stale or forged
    selectors refused with the anchoring's reason). ``editor`` applies the speaker
    and review (defaults to the author, who must then be an editor)."""
    try:
        annotation, created = newsroom.annotation_create(
            article=article,
            author=author,
            kind=parsed.kind,
            start=parsed.start,
            end=parsed.end,
            exact=parsed.exact,
            prefix=parsed.prefix,
            suffix=parsed.suffix,
            comment=parsed.comment,
            tags=parsed.tags,
            visibility=parsed.visibility,
            client_key=client_key,
        )
    except anchoring.AnchorError as error:
        raise Refused(400, f"anchor_{error.code}", error.message,
                      f"The selectors do not fit the article's text ({error.code}).") from None  # fmt: skip
    if created and parsed.canonical:
        CanonicalIri.objects.create(annotation=annotation, iri=parsed.canonical)
    if created:
        _apply_newsroom(annotation=annotation, editor=editor or author, parsed=parsed)
    return annotation, created


@transaction.atomic
def annotation_update_from_jsonld(
    *, annotation: Annotation, user, parsed: jsonld.ParsedAnnotation
) -> Annotation:
    """PUT: the author changes what they said; editors change the speaker and review.
    The passage itself never moves (the target must stay the same)."""
    same_passage = parsed.exact == annotation.exact and (
        parsed.start is None or (parsed.start, parsed.end) == (annotation.start, annotation.end)
    )
    from .queries import article_pk_from_iri

    if not same_passage or article_pk_from_iri(parsed.source) != annotation.article_id:
        raise Refused(400, "target_immutable", "لا يتغير المقطع المحدد؛ احذف التعليق وأنشئ غيره.",
                      "The target cannot change; delete the annotation and create another.")  # fmt: skip
    own = (parsed.kind, parsed.comment, list(parsed.tags), parsed.visibility)
    if own != (annotation.kind, annotation.comment, annotation.tags, annotation.visibility):
        if annotation.author_id != user.pk:
            raise Refused(403, "forbidden", "لا يمكنك تعديل ملاحظة كتبها غيرك.",
                          "You cannot change another user's annotation.")  # fmt: skip
        newsroom.annotation_update(
            annotation=annotation,
            kind=parsed.kind,
            comment=parsed.comment,
            tags=list(parsed.tags),
            visibility=parsed.visibility,
        )
    _apply_newsroom(annotation=annotation, editor=user, parsed=parsed)
    return annotation


def annotation_delete_via_api(*, annotation: Annotation) -> None:
    """Delete through the site's service, which leaves the tombstone (410 Gone)."""
    newsroom.annotation_delete(annotation=annotation)


def reply_create(*, annotation: Annotation, author, body: str) -> tuple[Reply, bool]:
    return annotation_services.reply_create(annotation=annotation, author=author, body=body)


@transaction.atomic
def annotation_import(
    *,
    article: Article,
    author,
    parsed: jsonld.ParsedAnnotation,
    editor,
    canonical: str,
    created: datetime | None,
    modified: datetime | None,
) -> Annotation:
    """One annotation of an export, back in: anchored like any other, its speaker and
    review applied by ``editor``, its own times kept (an import is not a new remark)."""
    annotation, _ = annotation_create_from_jsonld(
        article=article,
        author=author,
        parsed=jsonld.ParsedAnnotation(**{**parsed.__dict__, "canonical": canonical}),
        editor=editor,
        client_key=uuid.uuid4(),
    )
    times = {k: v for k, v in (("created", created), ("modified", modified)) if v is not None}
    if times:
        Annotation.objects.filter(pk=annotation.pk).update(**times)
        ClaimReview.objects.filter(annotation=annotation).update(
            **({"claimed_at": created} if created else {})
        )
    return annotation


@transaction.atomic
def reply_import(
    *,
    annotation: Annotation,
    author,
    body: str,
    created: datetime | None,
    modified: datetime | None = None,
) -> Reply:
    reply, _ = annotation_services.reply_create(
        annotation=annotation, author=author, body=body, client_key=uuid.uuid4()
    )
    if created is not None:
        Reply.objects.filter(pk=reply.pk).update(created=created, modified=modified or created)
    return reply
