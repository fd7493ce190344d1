"""The reading pages under the names they have always had (``articles:…``): the
listings of the articles app and the composed article page."""

from django.urls import path

import core.converters  # noqa: F401  (registers <id:...>)
from articles import views as listings

from .views import article

app_name = "articles"

urlpatterns = [
    path("", listings.home, name="home"),
    path("articles/", listings.article_list, name="list"),
    path("articles/<id:pk>/", article.article_detail, name="detail_noslug"),
    path("articles/<id:pk>/<segment:slug>/", article.article_detail, name="detail"),
    path("sections/<segment:slug>/", listings.section_detail, name="section"),
    path("publishers/<segment:slug>/", listings.publisher_detail, name="publisher"),
    path("archive/<id:year>/", listings.archive, name="archive_year"),
    path("archive/<id:year>/<id:month>/", listings.archive, name="archive_month"),
]
