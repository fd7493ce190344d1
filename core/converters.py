"""Path converters with bounds. Django's <int:...> matches any run of digits, and
/editor/claims/99999999999999999999/ then overflowed the database's 64-bit integer (a
500). <id:...> matches at most 18 digits, within every database's BIGINT, so a longer
number is simply no page (404)."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
