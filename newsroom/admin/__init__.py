"""The newsroom's admin, one module per domain. Every write goes through
newsroom.services so history and the moderation log are kept whichever screen it comes
from."""

from . import claims, flags, moderation, replies, speakers

__all__ = ["claims", "flags", "moderation", "replies", "speakers"]
