"""The W3C Web Annotation Protocol server, the search API and the JSON-LD context.

Thin views: reads through QuerySets (api.queries), writes through api.services (which
call the newsroom's annotation services by name). Every error is JSON with a message
in Arabic and English, never a 5xx.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt

from annotations.models import Annotation, AnnotationTombstone, Reply
from articles.models import Article
from core.jsonbody import JSONBodyError, parse_json_body

from . import jsonld, queries, services
from .auth import AuthError, authenticate, csrf_failure
from .records import Iris, for_records, records

PAGE_SIZE = 100
LDP_CONSTRAINED = (
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
CONTAINER_LINKS = (
    '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
    '<http://www.w3.org/ns/oa#AnnotationCollection>; rel="type", ' + LDP_CONSTRAINED
)
RESOURCE_LINKS = '<http://www.w3.org/ns/ldp#Resource>; rel="type", ' + LDP_CONSTRAINED
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
ACCEPTED_TYPES = ("application/ld+json", "application/json")


class ApiError(Exception):
    def __init__(self, status: int, code: str, ar: str, en: str, **headers: str) -> None:
        super().__init__(en)
        self.status, self.code, self.ar, self.en, self.headers = status, code, ar, en, headers


def error_response(status: int, code: str, ar: str, en: str, **headers: str) -> HttpResponse:
    body = json.dumps({"error": code, "message": {"ar": ar, "en": en}}, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _jsonld_response(data: Any, *, status: int = 200, etag: bool = True) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = HttpResponse(body, status=status, content_type=jsonld.MEDIA_TYPE)
    if etag:
        response["ETag"] = etag_of(body)
    response["Vary"] = "Accept, Prefer, Authorization, Cookie"
    return response


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def api_view(*methods: str) -> Callable:
    """Token or session authentication, CSRF for cookie writes, OPTIONS, 405, JSON errors."""
    allowed = ", ".join([*methods, "OPTIONS"])

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                by_token = authenticate(request)
            except AuthError as error:
                return error_response(
                    401, error.code, error.message_ar, error.message_en,
                    WWW_Authenticate='Bearer error="invalid_token"',
                )  # fmt: skip
            if request.method == "OPTIONS":
                response = HttpResponse(status=200)
            elif request.method not in methods:
                response = error_response(
                    405, "method_not_allowed", "هذه الطريقة غير مسموحة هنا.",
                    "This method is not allowed here.",
                )  # fmt: skip
            elif request.method in ("POST", "PUT", "DELETE", "PATCH") and (
                not by_token and request.user.is_authenticated and csrf_failure(request)
            ):
                response = error_response(
                    403, "csrf", "فشل التحقق من CSRF؛ أعد تحميل الصفحة أو استعمل رمز وصول.",
                    "CSRF check failed; reload the page or use an API token.",
                )  # fmt: skip
            else:
                try:
                    response = view(request, *args, **kwargs)
                except ApiError as e:
                    response = error_response(e.status, e.code, e.ar, e.en, **e.headers)
                except services.Refused as e:
                    response = error_response(e.status, e.code, e.ar, e.en)
                except (JSONBodyError, jsonld.JsonLdError) as e:
                    response = error_response(e.status, e.code, e.message_ar, e.message_en)
            response["Allow"] = allowed
            return response

        return wrapped

    return decorate


def _require_user(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise ApiError(
            401, "unauthenticated", "سجّل الدخول أو أرسل رمز وصول (Authorization: Bearer).",
            "Sign in or send an access token (Authorization: Bearer).",
            WWW_Authenticate="Bearer",
        )  # fmt: skip


def _read_body(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type not in ACCEPTED_TYPES:
        raise ApiError(
            415, "unsupported_media_type", "أرسل JSON-LD (application/ld+json).",
            "Send JSON-LD (application/ld+json).",
        )  # fmt: skip
    return parse_json_body(request)


def _prefer(request: HttpRequest) -> str:
    header = request.META.get("HTTP_PREFER", "")
    if PREFER_MINIMAL in header:
        return "minimal"
    if PREFER_IRIS in header:
        return "iris"
    return "descriptions"


def _page_number(request: HttpRequest) -> int | None:
    raw = request.GET.get("page")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise ApiError(400, "bad_page", "رقم الصفحة غير صحيح.", "The page number is not valid.")
    return int(raw)


def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.status_code == 200 and request.META.get("HTTP_IF_NONE_MATCH") == response.get(
        "ETag"
    ):
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = response["ETag"]
        return not_modified
    return response


# --- containers ------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    iris: Iris,
    annotations,
    container_iri: str,
    total: int,
    number: int,
    *,
    as_iris: bool,
    article: Article | None = None,
) -> dict:
    last = max(0, math.ceil(total / PAGE_SIZE) - 1)
    if number > last:
        raise ApiError(404, "no_such_page", "لا توجد هذه الصفحة.", "There is no such page.")
    window = slice(number * PAGE_SIZE, (number + 1) * PAGE_SIZE)
    extension = iris.extension()

    def page_iri(n: int) -> str:
        return container_iri + "?" + urlencode({"page": n, **({"iris": 1} if as_iris else {})})

    if as_iris:
        # IRIs only: the keys are enough.
        keys = annotations.order_by("id").values_list("article_id", "id")[window]
        items: list[Any] = [iris.annotation(article_id, pk) for article_id, pk in keys]
    else:
        ordered = annotations.order_by("id")
        if article is not None:
            # One article's container: its row is at hand, not joined to every item.
            page = list(for_records(ordered, with_article=False)[window])
            for annotation in page:
                annotation.article = article
        else:
            page = list(for_records(ordered)[window])
        items = [
            jsonld.annotation_to_jsonld(r, extension_iri=extension) for r in records(page, iris)
        ]
    data = {
        "@context": jsonld.context(extension),
        "id": page_iri(number),
        "type": "AnnotationPage",
        "partOf": {"id": container_iri, "total": total},
        "startIndex": number * PAGE_SIZE,
        "items": items,
    }
    if number < last:
        data["next"] = page_iri(number + 1)
    if number > 0:
        data["prev"] = page_iri(number - 1)
    return data


def _container(
    request: HttpRequest,
    annotations,
    container_iri: str,
    label: str,
    *,
    article: Article | None = None,
) -> HttpResponse:
    iris = Iris(request.build_absolute_uri)
    total = annotations.count()
    number = _page_number(request)
    as_iris = request.GET.get("iris") == "1"
    if number is not None:
        response = _jsonld_response(
            _page(
                request,
                iris,
                annotations,
                container_iri,
                total,
                number,
                as_iris=as_iris,
                article=article,
            )
        )
        response["Link"] = LDP_CONSTRAINED
        return _not_modified(request, response)
    prefer = _prefer(request)
    last = max(0, math.ceil(total / PAGE_SIZE) - 1)
    suffix = "&iris=1" if prefer == "iris" else ""
    data: dict[str, Any] = {
        "@context": jsonld.context(iris.extension()),
        "id": container_iri,
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": label,
        "total": total,
    }
    if prefer == "minimal" or total == 0:
        data["first"] = f"{container_iri}?page=0{suffix}"
    else:
        first = _page(
            request,
            iris,
            annotations,
            container_iri,
            total,
            0,
            as_iris=prefer == "iris",
            article=article,
        )
        first.pop("@context")
        data["first"] = first
    data["last"] = f"{container_iri}?page={last}{suffix}"
    response = _jsonld_response(data)
    response["Link"] = CONTAINER_LINKS
    response["Content-Location"] = container_iri
    if "HTTP_PREFER" in request.META:
        response["Preference-Applied"] = "return=representation"
    return _not_modified(request, response)


@api_view("GET", "HEAD")
def container(request: HttpRequest) -> HttpResponse:
    """Every annotation the caller may see, of every article the caller may see."""
    return _container(
        request,
        queries.visible_annotations(request.user),
        Iris(request.build_absolute_uri).all_container(),
        "كل التعليقات التوضيحية",
    )


@api_view("GET", "HEAD", "POST")
def article_container(request: HttpRequest, article_pk: int) -> HttpResponse:
    article = queries.visible_article(request.user, article_pk)
    if article is None:
        raise ApiError(404, "not_found", "المقال غير موجود.", "No such article.")
    iris = Iris(request.build_absolute_uri)
    if request.method == "POST":
        return _create(request, article, iris)
    return _container(
        request,
        queries.visible_annotations(request.user).filter(article=article),
        iris.article_container(article.pk),
        f"التعليقات التوضيحية على: {article.title}",
        article=article,
    )


def _annotation_response(
    request: HttpRequest, annotation: Annotation, *, status: int = 200
) -> HttpResponse:
    iris = Iris(request.build_absolute_uri)
    annotation = for_records(Annotation.objects.filter(pk=annotation.pk)).get()
    record = records([annotation], iris)[0]
    response = _jsonld_response(
        jsonld.annotation_to_jsonld(record, extension_iri=iris.extension()), status=status
    )
    response["Link"] = RESOURCE_LINKS
    return response


def _create(request: HttpRequest, article: Article, iris: Iris) -> HttpResponse:
    _require_user(request)
    parsed = jsonld.parse_annotation(_read_body(request))
    if parsed.reply_to is not None:
        parent = queries.annotation_from_iri(request.user, parsed.reply_to, article_pk=article.pk)
        if parent is None:
            raise ApiError(400, "bad_target", "الرد يستهدف تعليقًا غير موجود في هذا المقال.",
                           "The reply's target is not an annotation of this article.")  # fmt: skip
        reply, _ = services.reply_create(
            annotation=parent, author=request.user, body=parsed.reply_body
        )
        response = _jsonld_response(_reply_data(iris, parent, reply), status=201)
        response["Location"] = iris.reply(article.pk, parent.pk, reply.pk)
        response["Link"] = RESOURCE_LINKS
        return response
    if queries.article_pk_from_iri(parsed.source) != article.pk:
        raise ApiError(400, "bad_target", "هدف التعليق يجب أن يكون هذا المقال.",
                       "The target's source must be this container's article.")  # fmt: skip
    annotation, created = services.annotation_create_from_jsonld(
        article=article, author=request.user, parsed=parsed
    )
    response = _annotation_response(request, annotation, status=201 if created else 200)
    response["Location"] = iris.annotation(article.pk, annotation.pk)
    return response


def _reply_data(iris: Iris, parent: Annotation, reply: Reply) -> dict:
    record = records([parent], iris, with_replies=False)[0]
    [one] = [
        r
        for r in records([parent], iris, with_replies=True)[0].replies
        if r.iri.endswith(f"/{reply.pk}")
    ] or [None]
    if one is None:
        raise ApiError(404, "not_found", "الرد غير موجود.", "No such reply.")
    return jsonld.reply_to_jsonld(one, record.iri, extension_iri=iris.extension())


def _lookup(request: HttpRequest, article_pk: int, pk: int) -> Annotation:
    annotation = (
        queries.visible_annotations(request.user).filter(article_id=article_pk, pk=pk).first()
    )
    if annotation is None:
        if AnnotationTombstone.objects.filter(annotation_id=pk, article_id=article_pk).exists():
            raise ApiError(410, "gone", "حُذف هذا التعليق.", "This annotation was deleted.")
        raise ApiError(404, "not_found", "التعليق غير موجود.", "No such annotation.")
    return annotation


def _check_if_match(request: HttpRequest, current: HttpResponse) -> None:
    given = request.META.get("HTTP_IF_MATCH")
    if not given:
        raise ApiError(428, "if_match_required", "أرسل ترويسة If-Match بقيمة ETag الحالية.",
                       "Send an If-Match header with the current ETag.")  # fmt: skip
    tags = [t.strip() for t in given.split(",")]
    if "*" not in tags and current["ETag"] not in tags:
        raise ApiError(412, "stale", "تغيّر التعليق منذ قرأته؛ أعد قراءته ثم عدّله.",
                       "The annotation changed since you read it; fetch it again.",
                       ETag=current["ETag"])  # fmt: skip


@api_view("GET", "HEAD", "PUT", "DELETE")
def annotation(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    found = _lookup(request, article_pk, pk)
    current = _annotation_response(request, found)
    if request.method in ("GET", "HEAD"):
        return _not_modified(request, current)
    _require_user(request)
    if request.method == "DELETE":
        if found.author_id != request.user.pk:
            raise ApiError(
                403, "forbidden", "لا يحذف التعليق إلا كاتبه.", "Only the author may delete it."
            )
        _check_if_match(request, current)
        services.annotation_delete_via_api(annotation=found)
        return HttpResponse(status=204)
    parsed = jsonld.parse_annotation(_read_body(request))
    if parsed.reply_to is not None:
        raise ApiError(
            400, "bad_motivation", "لا يصير التعليق ردًا.", "An annotation cannot become a reply."
        )
    _check_if_match(request, current)
    services.annotation_update_from_jsonld(annotation=found, user=request.user, parsed=parsed)
    return _annotation_response(request, found)


@api_view("GET", "HEAD")
def reply(request: HttpRequest, article_pk: int, pk: int, reply_pk: int) -> HttpResponse:
    parent = _lookup(request, article_pk, pk)
    found = get_object_or_404(Reply, pk=reply_pk, annotation=parent, hidden_at__isnull=True)
    response = _jsonld_response(_reply_data(Iris(request.build_absolute_uri), parent, found))
    response["Link"] = RESOURCE_LINKS
    return response


# --- search ------------------------------------------------------------------------------


@api_view("GET", "HEAD")
def search(request: HttpRequest) -> HttpResponse:
    """Annotations the caller may see, filtered, as one AnnotationPage per request."""
    try:
        result = queries.search(request.user, request.GET)
    except queries.BadQuery as bad:
        raise ApiError(400, "bad_query", bad.ar, bad.en) from None
    iris = Iris(request.build_absolute_uri)
    base = iris.absolute(request.path)
    params = {k: v for k, v in request.GET.items() if k not in ("page", "after")}
    params["max_id"] = str(result.max_id)

    def page_iri(n: int, **extra: str) -> str:
        return base + "?" + urlencode({**params, "page": n, **extra})

    extension = iris.extension()
    data: dict[str, Any] = {
        "@context": jsonld.context(extension),
        "id": page_iri(result.number),
        "type": "AnnotationPage",
        "partOf": {"id": base + "?" + urlencode(params), "total": result.total},
        "startIndex": result.number * result.limit,
        "items": [
            jsonld.annotation_to_jsonld(r, extension_iri=extension)
            for r in records(result.items, iris)
        ],
    }
    if (result.number + 1) * result.limit < result.total and result.items:
        # Keyset paging where the order is a column: the next page starts after this
        # one's last item, whatever was deleted meanwhile, at the cost of page 1.
        # (Not for q: its matches are ranked in memory, paged by number.)
        after = (
            {"after": queries.cursor_of(result.items[-1], result.sort)}
            if result.sort in queries.SORTS and not request.GET.get("q")
            else {}
        )
        data["next"] = page_iri(result.number + 1, **after)
    if result.number > 0:
        data["prev"] = page_iri(result.number - 1)
    response = _jsonld_response(data)
    response["Link"] = LDP_CONSTRAINED
    return _not_modified(request, response)


def extension_context(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(jsonld.EXTENSION_CONTEXT, indent=2), content_type="application/ld+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
