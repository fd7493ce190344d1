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


class SlugTextConverter:
    """Any path segment but one with NUL, which PostgreSQL text refuses (a 500 from a
    lookup): such a segment is simply no page (404)."""

    regex = "[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugTextConverter, "segment")
