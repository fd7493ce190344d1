"""Signals of the articles app."""

from django.dispatch import Signal

#: Sent by the importer after it inserts a batch of new articles with bulk_create, which
#: sends no post_save: ``articles`` is the list of new Article rows, ids set. Receivers
#: do for the batch what their post_save receivers do for one article (the search index,
#: the cached listing counts). Sent inside the import's transaction: a receiver that
#: raises rolls the batch back, and the importer redoes it file by file with save().
articles_imported = Signal()
