from django import forms
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
