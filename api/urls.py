from django.urls import path

from . import tokens, views

app_name = "api"

urlpatterns = [
    path("api/context.jsonld", views.extension_context, name="context"),
    path("api/annotations/", views.container, name="container"),
    path("api/search", views.search, name="search"),
    path(
        "api/articles/<int:article_pk>/annotations/",
        views.article_container,
        name="article_container",
    ),
    path("api/articles/<int:article_pk>/annotations/<int:pk>", views.annotation, name="annotation"),
    path(
        "api/articles/<int:article_pk>/annotations/<int:pk>/replies/<int:reply_pk>",
        views.reply,
        name="reply",
    ),
    path("accounts/tokens/", tokens.token_list, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
