from django.urls import include, path

from . import views

# Django's auth views keep their usual names (login, logout, password_reset...);
# password_reset is wrapped in a throttle and listed first so it takes the URL.
urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", views.account, name="account"),
    path("accounts/email/verify/<str:token>/", views.email_verify_view, name="email_verify"),
    path("accounts/password_reset/", views.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
]
