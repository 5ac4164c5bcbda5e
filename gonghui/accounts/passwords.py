"""Password rules beyond Django's: at least one letter and one digit; the temporary password of a reset."""

import secrets
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    def validate(self, password: str, user: object = None) -> None:
        if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
            raise ValidationError(_("密码必须同时包含字母和数字"), code="password_no_mix")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字")


def temporary_password() -> str:
    """A one-time password an admin hands over (12 letters and digits, both present), changed at next login."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(12))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate
