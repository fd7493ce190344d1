from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("editor/claims/<int:pk>/similar/", views.similar_claims, name="similar_claims"),
    path("editor/claims/<int:pk>/same-claim/", views.claim_link, name="claim_link"),
    path("editor/checked-before/", views.checked_before, name="checked_before"),
]
