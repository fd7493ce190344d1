# The Annotation and Reply admins (moderation, claim review) are registered by the
# newsroom app: every staff write there goes through newsroom.services and is logged.
