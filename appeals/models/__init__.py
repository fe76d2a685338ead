"""Appeals (with their steps, replies, notes and documents) and reviews of medical organisations."""

from .appeals import Appeal, AppealSerial, Attachment, Event, Note, Reply
from .reviews import Review

__all__ = ["Appeal", "AppealSerial", "Attachment", "Event", "Note", "Reply", "Review"]
