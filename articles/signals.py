"""Signals of the articles app."""

from django.dispatch import Signal

#: Sent by articles.services.articles_create_bulk after it inserts new articles with
#: bulk_create, which sends no post_save: ``articles`` is the list of new Article rows,
#: ids set. Receivers must not be known to the articles app (the search index, the cached
#: listing counts) and do for the batch what their post_save receivers do for one article.
#: Sent inside the write's transaction: a receiver that raises rolls the chunk back, and
#: the import pipeline writes it again one file at a time.
articles_imported = Signal()
