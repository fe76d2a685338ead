"""What payments tells the rest of the portal, without knowing who listens."""

from django.dispatch import Signal

# Sent by the recompute tasks once a batch of stored statuses is up to date (kwargs: people, changed).
statuses_recomputed = Signal()
