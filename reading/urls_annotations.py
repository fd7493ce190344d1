from django.urls import path

import core.converters  # noqa: F401  (registers <id:...>)

from .views import annotations as views
from .views import revisions

app_name = "annotations"

urlpatterns = [
    path("articles/<id:article_pk>/annotations/", views.annotation_create, name="create"),
    path(
        "articles/<id:pk>/<segment:slug>/revisions/<id:number>/",
        revisions.revision_detail,
        name="revision",
    ),
    path("annotations/mine/", views.my_annotations, name="mine"),
    path("annotations/mine/export.<str:fmt>", views.my_annotations_export, name="mine_export"),
    path("annotations/<id:pk>/", views.annotation_permalink, name="permalink"),
    path("annotations/<id:pk>/card/", views.annotation_card, name="card"),
    path("annotations/<id:pk>/edit/", views.annotation_edit, name="edit"),
    path("annotations/<id:pk>/delete/", views.annotation_delete, name="delete"),
    path("annotations/<id:pk>/restore/", views.annotation_restore, name="restore"),
    path("annotations/<id:pk>/reattach/", views.annotation_reattach, name="reattach"),
    path("annotations/<id:pk>/replies/", views.annotation_reply, name="reply"),
    path("replies/<id:pk>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<id:pk>/delete/", views.reply_delete, name="reply_delete"),
    path("replies/<id:pk>/flag/", views.reply_flag, name="reply_flag"),
]
