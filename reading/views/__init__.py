"""The reading pages: the article page and the annotation views."""
