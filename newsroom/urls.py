from django.urls import path

import core.converters  # noqa: F401  (registers <id:...>)

from . import views

app_name = "newsroom"

urlpatterns = [
    path("editor/claims/", views.claim_queue, name="claim_queue"),
    path("editor/claims/export.csv", views.claim_queue_csv, name="claim_queue_csv"),
    path("editor/claims/<id:pk>/", views.claim_detail, name="claim_detail"),
    path("editor/claims/<id:pk>/inline/", views.claim_inline_update, name="claim_inline_update"),
    path(
        "editor/claims/<id:pk>/evidence/<id:evidence_pk>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("editor/quotes/<id:pk>/", views.quote_attribute, name="quote_attribute"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/<id:pk>/", views.speaker_detail, name="speaker_detail"),
    path("moderation/annotations/<id:pk>/flag/", views.annotation_flag, name="annotation_flag"),
]
