import ipaddress
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django_ratelimit.core import is_ratelimited

from core.http import safe_next

from .forms import EmailForm, SignUpForm
from .services import EmailVerificationError, email_verification_send, email_verify

THROTTLED = 429
logger = logging.getLogger(__name__)


def _throttled(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "registration/throttled.html", {"message": message}, status=THROTTLED)


def _email_key(group: str, request: HttpRequest) -> str:
    # One counter per address however it is capitalised or padded.
    return request.POST.get("email", "").strip().lower()


def _limited(request: HttpRequest, group: str, *limits: tuple[object, str]) -> bool:
    """Count this POST against every (key, rate) limit; True if any is exceeded."""
    limited = False
    for key, rate in limits:
        # Every limit is counted, even after one is exceeded, so none lags behind.
        limited |= is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
    return limited


def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, "")
    if request.user.is_authenticated:
        return redirect(next_url or "/")
    if request.method == "POST" and _limited(
        request, "signup", ("ip", settings.NEWSREADER_RATE_SIGNUP_IP)
    ):
        return _throttled(request, "أُنشئت حسابات كثيرة من هذا العنوان؛ حاول بعد ساعة.")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "أهلًا بك! أُنشئ حسابك وسُجّل دخولك.")
        if email := form.cleaned_data["email"]:
            _send_link(request, user, email)
        return redirect(next_url or "/")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _send_link(request: HttpRequest, user: AbstractBaseUser, email: str) -> None:
    try:
        email_verification_send(user=user, email=email, request=request)
    except OSError:  # smtplib's errors included: the mail server is down or refuses
        logger.exception("confirmation mail to a new address not sent")
        messages.error(request, "تعذّر إرسال رابط التأكيد الآن؛ اطلبه بعد قليل من صفحة «حسابي».")
        return
    messages.info(
        request,
        f"أرسلنا رابط تأكيد إلى {email}؛ لن نستعمل هذا البريد (لاستعادة كلمة المرور مثلًا)"
        " قبل أن تفتح الرابط.",
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: the verified address, and a form to set a new one
    (stored only once the link mailed to it is followed)."""
    form = EmailForm(request.POST or None, user_pk=request.user.pk)
    if request.method == "POST":
        if _limited(request, "email_verify", ("user", settings.NEWSREADER_RATE_EMAIL_VERIFY_USER)):
            return _throttled(request, "طلبت روابط تأكيد كثيرة؛ حاول بعد ساعة.")
        if form.is_valid():
            email = form.cleaned_data["email"]
            assert request.user.is_authenticated  # login_required
            _send_link(request, request.user, email)
            return redirect("account")
    return render(request, "registration/account.html", {"form": form})


def email_verify_view(request: HttpRequest, token: str) -> HttpResponse:
    """Follow a mailed link: GET only shows what will happen (mail scanners fetch links),
    the POST confirms."""
    if request.method == "POST":
        try:
            verified = email_verify(token=token)
        except EmailVerificationError as error:
            return render(
                request, "registration/email_verify.html", {"error": error.message_ar}, status=400
            )
        messages.success(request, f"أُكِّد البريد {verified.email}.")
        return redirect("account" if request.user.is_authenticated else "login")
    return render(request, "registration/email_verify.html", {"token": token})


_password_reset = auth_views.PasswordResetView.as_view()


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's password reset, throttled per address and per e-mail address: each
    request sends mail, so an unthrottled form is a mail cannon."""
    if request.method == "POST" and _limited(
        request,
        "password_reset",
        ("ip", settings.NEWSREADER_RATE_PASSWORD_RESET_IP),
        (_email_key, settings.NEWSREADER_RATE_PASSWORD_RESET_EMAIL),
    ):
        return _throttled(request, "طُلبت استعادة كلمة المرور مرات كثيرة؛ حاول بعد ساعة.")
    return _password_reset(request)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    cooloff = ngettext("%(n)d دقيقة", "%(n)d دقائق", minutes) % {"n": minutes}
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff": cooloff},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


UNKNOWN_IP = "0.0.0.0"


def client_ip(request: HttpRequest) -> str:
    """The client's address for lockouts and throttles: REMOTE_ADDR, or behind a proxy
    the header it sets (NEWSREADER_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP), which the
    proxy must overwrite on every request so a client cannot choose its own."""
    header = settings.NEWSREADER_CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    # X-Forwarded-For may list several hops: the proxy appends the client's last.
    candidate = value.split(",")[-1].strip()[:64]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # No usable address (a test client, a broken proxy header): one shared marker that
        # PostgreSQL's inet column accepts, so sign-in never fails on it.
        return UNKNOWN_IP
