from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("api.urls")),
    path("", include("reading.urls_annotations")),
    path("", include("reading.urls")),
    path("", include("newsroom.urls")),
    path("search/", include("search.urls")),
]

handler404 = "articles.views.page_not_found"
