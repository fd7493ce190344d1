"""The reading pages under the names they have always had (``articles:…``): the
listings of the articles app and the composed article page."""

from django.urls import path

from articles import views as listings

from .views import article

app_name = "articles"

urlpatterns = [
    path("", listings.home, name="home"),
    path("articles/", listings.article_list, name="list"),
    path("articles/<int:pk>/", article.article_detail, name="detail_noslug"),
    path("articles/<int:pk>/<str:slug>/", article.article_detail, name="detail"),
    path("sections/<str:slug>/", listings.section_detail, name="section"),
    path("publishers/<str:slug>/", listings.publisher_detail, name="publisher"),
    path("archive/<int:year>/", listings.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", listings.archive, name="archive_month"),
]
