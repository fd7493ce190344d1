from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("editor/suggestions/", views.suggestion_queue, name="suggestion_queue"),
    path(
        "editor/suggestions/article/<int:pk>/", views.suggestion_article, name="suggestion_article"
    ),
    path(
        "editor/suggestions/article/<int:pk>/accept-all/",
        views.suggestions_accept_article,
        name="suggestions_accept_article",
    ),
    path("editor/suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("editor/suggestions/<int:pk>/reject/", views.suggestion_reject, name="suggestion_reject"),
]
