"""Registrations of part design: the questionnaire builder (single, multiple, scale, matrix, text; required; skip logic), the target population (subtree and member filter, a target list, or a random sample of N per union drawn from a recorded seed), the window, publishing, reminders to those who have not answered, closing."""


def register() -> None:
    """Called once from the AppConfig's ready()."""
