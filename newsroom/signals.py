"""Signals the newsroom sends, for receivers it must not know (the search index)."""

from django.dispatch import Signal

#: Sent by speakers_merge after QuerySet.update() moved quotes to another speaker (an
#: update sends no post_save): ``annotation_ids`` lists the quotes whose speaker changed.
quotes_reattributed = Signal()
