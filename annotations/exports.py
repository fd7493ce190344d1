"""Annotations as W3C Web Annotation JSON-LD, Markdown and CSV."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from core import csvsafe

from .models import Annotation

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATION = {
    Annotation.Kind.HIGHLIGHT: "highlighting",
    Annotation.Kind.COMMENT: "commenting",
    Annotation.Kind.QUOTE: "identifying",
    Annotation.Kind.CLAIM: "assessing",
}
FORMATS = {
    "jsonld": ("application/ld+json", "jsonld"),
    "markdown": ("text/markdown; charset=utf-8", "md"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}

UrlFor = Callable[[str], str]  # path -> absolute URL


def to_w3c(annotation: Annotation, absolute: UrlFor) -> dict:
    bodies: list[dict] = []
    if annotation.comment:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.comment,
                "format": "text/plain",
                "textDirection": "auto",
            }
        )
    for tag in annotation.tags:
        bodies.append(
            {"type": "TextualBody", "purpose": "tagging", "value": tag, "textDirection": "auto"}
        )
    bodies.append(
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": annotation.kind,
            "textDirection": "ltr",
        }
    )
    return {
        "@context": ANNO_CONTEXT,
        "id": absolute(annotation.get_absolute_url()),
        "type": "Annotation",
        "motivation": MOTIVATION[Annotation.Kind(annotation.kind)],
        "created": annotation.created.isoformat(),
        "modified": annotation.modified.isoformat(),
        "creator": {"type": "Person", "nickname": annotation.author.get_username()},
        "body": bodies,
        "target": {
            "source": absolute(annotation.article.get_absolute_url()),
            "selector": [
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.exact,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
            ],
        },
    }


def to_jsonld(annotations: Iterable[Annotation], absolute: UrlFor) -> str:
    return json.dumps([to_w3c(a, absolute) for a in annotations], ensure_ascii=False, indent=2)


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def to_markdown(annotations: Iterable[Annotation], absolute: UrlFor) -> str:
    lines: list[str] = ["# الملاحظات", ""]
    current_article = None
    for a in annotations:
        if a.article_id != current_article:
            current_article = a.article_id
            lines += [f"## [{a.article.title}]({absolute(a.article.get_absolute_url())})", ""]
        lines += [
            _quote_block(a.exact),
            "",
            f"- النوع: {a.get_kind_display()}",
            f"- الكاتب: {a.author.get_username()}",
            f"- التاريخ: {a.created.isoformat()}",
            f"- الرابط: {absolute(a.get_absolute_url())}",
        ]
        if a.tags:
            lines.append(f"- الوسوم: {'، '.join(a.tags)}")
        if a.comment:
            lines += ["", a.comment]
        lines.append("")
    return "\n".join(lines)


CSV_COLUMNS = [
    "id", "url", "article_id", "article_title", "article_url", "author", "kind", "visibility",
    "created", "modified", "start", "end", "exact", "prefix", "suffix", "comment", "tags",
    "anchoring", "text_version",
]  # fmt: skip


def _csv_rows(annotations: Iterable[Annotation], absolute: UrlFor) -> Iterator[list]:
    yield CSV_COLUMNS
    for a in annotations:
        yield (
            [
                a.pk, absolute(a.get_absolute_url()), a.article_id, a.article.title,
                absolute(a.article.get_absolute_url()), a.author.get_username(), a.kind,
                a.visibility, a.created.isoformat(), a.modified.isoformat(), a.start, a.end,
                a.exact, a.prefix, a.suffix, a.comment, json.dumps(a.tags, ensure_ascii=False),
                a.anchoring, a.text_version,
            ]
        )  # fmt: skip


def to_csv(annotations: Iterable[Annotation], absolute: UrlFor) -> str:
    """Formula-safe CSV: a comment or user name starting with = + - @ is written with
    a leading apostrophe (core.csvsafe), so spreadsheets show it as text."""
    return csvsafe.to_csv(_csv_rows(annotations, absolute))


def export(fmt: str, annotations: Iterable[Annotation], absolute: UrlFor) -> str:
    writer = {"jsonld": to_jsonld, "markdown": to_markdown, "csv": to_csv}[fmt]
    return writer(annotations, absolute)
