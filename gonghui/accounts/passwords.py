"""Password rules beyond Django's: at least one letter and one digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    def validate(self, password: str, user: object = None) -> None:
        if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
            raise ValidationError(_("密码必须同时包含字母和数字"), code="password_no_mix")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字")
