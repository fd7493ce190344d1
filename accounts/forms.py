from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


class SignUpForm(UserCreationForm):
    """Django's own sign-up form, plus an optional e-mail for password resets."""

    email = forms.EmailField(
        label="البريد الإلكتروني",
        required=False,
        help_text="اختياري؛ يلزم لاستعادة كلمة المرور إن نسيتها.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "")
        # One account per address: a reset link must reach one person only.
        if email and get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "هذا البريد مسجّل لحساب آخر؛ سجّل الدخول أو استعد كلمة المرور.", code="unique"
            )
        return email
