"""Who does a thing: every write of results and evaluations names a person or office, and the
audit trail keeps it, so a blank name is refused before anything is written."""

from __future__ import annotations

MAX_ACTOR_LENGTH = 120


class ActorRequired(ValueError):
    """The name of who acts is blank or too long; the message names the option."""


def actor_name(name: str | None, option: str) -> str:
    """`name` with its spaces tidied (runs of spaces, full-width included, become one);
    raises ActorRequired when nothing is left or it is longer than the audit trail keeps."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ActorRequired(f"{option} must name who does this (a person or an office): it is kept in the audit trail")
    if len(cleaned) > MAX_ACTOR_LENGTH:
        raise ActorRequired(f"{option} is longer than {MAX_ACTOR_LENGTH} characters")
    return cleaned
