"""/articles/<id>/<slug>/revisions/<n>/: an article's text as it was at version n.

Shown to staff, and to the authors of annotations made on that version (so a
reader can see the passage a detached annotation was made on), as long as they
may read the article itself.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from annotations.models import Annotation
from articles.models import Article, ArticleRevision


def revision_detail(request: HttpRequest, pk: int, slug: str, number: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    revision = get_object_or_404(ArticleRevision.objects.filter(article=article), number=number)
    user = request.user
    allowed = user.is_authenticated and (
        user.is_staff
        or Annotation.objects.filter(article=article, author=user, text_version=number).exists()
    )
    if not allowed:
        # The same answer as a revision that does not exist: nothing to guess from.
        raise Http404
    return render(
        request,
        "annotations/revision_detail.html",
        {
            "article": article,
            "revision": revision,
            "paragraphs": revision.body.split("\n\n") if revision.body else [],
            "is_current": revision.number == article.text_version,
        },
    )
