from django import forms
from django.contrib.auth.forms import UserCreationForm

from .services import email_taken

TAKEN = "هذا البريد مؤكَّد لحساب آخر؛ سجّل الدخول أو استعد كلمة المرور."


class SignUpForm(UserCreationForm):
    """Django's own sign-up form, plus an optional e-mail for password resets.

    The address is not a model field here: it is stored only once its owner follows
    the link mailed to it (accounts.services.email_verify)."""

    email = forms.EmailField(
        label="البريد الإلكتروني",
        required=False,
        help_text="اختياري؛ يلزم لاستعادة كلمة المرور. نرسل إليه رابط تأكيد.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def clean_email(self) -> str:
        email: str = self.cleaned_data.get("email", "")
        # One account per verified address: a reset link must reach one person only.
        if email and email_taken(email):
            raise forms.ValidationError(TAKEN, code="unique")
        return email


class EmailForm(forms.Form):
    email = forms.EmailField(label="البريد الإلكتروني الجديد")

    def __init__(self, *args: object, user_pk: int | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user_pk = user_pk

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if email_taken(email, exclude_pk=self.user_pk):
            raise forms.ValidationError(TAKEN, code="unique")
        return email
