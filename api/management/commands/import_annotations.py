"""Read W3C Web Annotation JSON-LD (this site's export, or any list, page or collection
of annotations) back into the database, reporting each one it cannot place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from annotations.models import Reply
from api import jsonld, queries, services
from api.models import CanonicalIri
from articles.models import Article
from core.jsonbody import JSONBodyError, parse_json_bytes
from newsroom.permissions import is_editor

MAX_FILE = 512 * 1024 * 1024


def annotations_in(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "items" in data:
            return list(data["items"])
        if isinstance(data.get("first"), dict):
            return list(data["first"].get("items", []))
        return [data]
    return []


class Command(BaseCommand):
    help = "Import annotations from a JSON-LD file (export_annotations --format jsonld)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--editor", help="Editor who applies speakers and claim reviews (default: a superuser)."
        )

    def handle(self, *args, **options) -> None:
        try:
            data = parse_json_bytes(
                Path(options["file"]).read_bytes(),
                max_bytes=MAX_FILE,
                max_depth=64,
                object_required=False,
            )
        except OSError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        except JSONBodyError as error:
            raise CommandError(f"{options['file']}: {error.message_en}") from None
        User = get_user_model()
        editor = (
            User.objects.filter(username=options["editor"]).first()
            if options["editor"]
            else User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if options["editor"] and not is_editor(editor):
            raise CommandError(f"--editor {options['editor']}: not an editor")
        users: dict[str, Any] = {}
        placed: dict[str, Any] = {}  # exported IRI -> imported annotation
        counts = {"annotations": 0, "replies": 0, "skipped": 0, "failed": 0}
        items = annotations_in(data)
        replies = []

        def report(index: int, doc: Any, reason: str) -> None:
            counts["failed"] += 1
            name = doc.get("id", f"#{index}") if isinstance(doc, dict) else f"#{index}"
            self.stderr.write(f"{name}: not imported: {reason}")

        def user_for(nickname: str):
            if nickname not in users:
                user = User.objects.filter(username=nickname).first()
                if user is None:
                    user = User.objects.create_user(username=nickname)  # no usable password
                    self.stderr.write(f"created user {nickname} (no password)")
                users[nickname] = user
            return users[nickname]

        for index, doc in enumerate(items):
            try:
                parsed = jsonld.parse_annotation(doc)
            except jsonld.JsonLdError as error:
                report(index, doc, error.message_en)
                continue
            if parsed.reply_to is not None:
                replies.append((index, doc, parsed))
                continue
            canonical = parsed.canonical or doc.get("id", "")
            existing = (
                CanonicalIri.objects.filter(iri=canonical).select_related("annotation").first()
            )
            if canonical and existing is not None:
                placed[doc.get("id", "")] = existing.annotation
                counts["skipped"] += 1
                continue
            article_pk = queries.article_pk_from_iri(parsed.source)
            article = Article.objects.filter(pk=article_pk).first() if article_pk else None
            if article is None:
                report(index, doc, f"no article at {parsed.source}")
                continue
            if not parsed.creator_nickname:
                report(index, doc, "no creator nickname")
                continue
            try:
                annotation = services.annotation_import(
                    article=article,
                    author=user_for(parsed.creator_nickname),
                    parsed=parsed,
                    editor=editor,
                    canonical=canonical,
                    created=parse_datetime(parsed.created) if parsed.created else None,
                    modified=parse_datetime(parsed.modified) if parsed.modified else None,
                )
            except services.Refused as refused:
                report(index, doc, refused.en)
                continue
            except ValueError as error:
                report(index, doc, str(error))
                continue
            placed[doc.get("id", "")] = annotation
            counts["annotations"] += 1
        for index, doc, parsed in replies:
            parent = placed.get(parsed.reply_to)
            if parent is None:
                report(index, doc, f"its parent {parsed.reply_to} was not imported")
                continue
            if not parsed.creator_nickname:
                report(index, doc, "no creator nickname")
                continue
            created = parse_datetime(parsed.created) if parsed.created else None
            author = user_for(parsed.creator_nickname)
            if Reply.objects.filter(
                annotation=parent, author=author, body=parsed.reply_body, created=created
            ).exists():
                counts["skipped"] += 1
                continue
            services.reply_import(
                annotation=parent,
                author=author,
                body=parsed.reply_body,
                created=created,
                modified=parse_datetime(parsed.modified) if parsed.modified else None,
            )
            counts["replies"] += 1
        self.stdout.write(
            "imported {annotations} annotations and {replies} replies; "
            "{skipped} already there; {failed} not imported".format(**counts)
        )
        if counts["failed"]:
            raise SystemExit(1)
