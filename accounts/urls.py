from django.urls import include, path

from . import views

# Django's auth views keep their usual names (login, logout, password_reset...).
urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
]
