from tests.annotations.fixtures import (
    BODY,
    article,
    make_annotation,
    other_user,
    private_annotation,
    public_annotation,
)

__all__ = [
    "BODY",
    "article",
    "make_annotation",
    "other_user",
    "private_annotation",
    "public_annotation",
]
