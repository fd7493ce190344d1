from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("api.urls")),
    path("", include("reading.urls_annotations")),
    path("", include("reading.urls")),
    path("", include("newsroom.urls")),
    path("", include("assistant.urls")),
    path("", include("assistant.matching.urls")),
    path("search/", include("search.urls")),
]

handler404 = "articles.views.page_not_found"
handler400 = "newsreader.views.bad_request"
handler403 = "newsreader.views.permission_denied"
handler500 = "newsreader.views.server_error"
