from django.urls import path

from .views import annotations as views
from .views import revisions

app_name = "annotations"

urlpatterns = [
    path("articles/<int:article_pk>/annotations/", views.annotation_create, name="create"),
    path(
        "articles/<int:pk>/<str:slug>/revisions/<int:number>/",
        revisions.revision_detail,
        name="revision",
    ),
    path("annotations/mine/", views.my_annotations, name="mine"),
    path("annotations/mine/export.<str:fmt>", views.my_annotations_export, name="mine_export"),
    path("annotations/<int:pk>/", views.annotation_permalink, name="permalink"),
    path("annotations/<int:pk>/card/", views.annotation_card, name="card"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.annotation_delete, name="delete"),
    path("annotations/<int:pk>/replies/", views.annotation_reply, name="reply"),
]
