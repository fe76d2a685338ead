"""Fund staff's appeals work: the national queue, steps, notes and replies, the dashboard; review moderation."""

from . import appeal_admin, review_admin  # noqa: F401 - registers the admin classes
