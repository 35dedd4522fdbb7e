"""Template context every page needs: which desk roles the visitor holds."""

from desk.roles import is_administrator, is_editor, is_reviewer


def roles(request) -> dict:
    user = getattr(request, "user", None)
    editor = bool(user) and is_editor(user)
    reviewer = bool(user) and is_reviewer(user)
    return {
        "is_editor": editor,
        "is_reviewer": reviewer,
        "is_desk_staff": editor or reviewer,
        "is_desk_administrator": bool(user) and is_administrator(user),
    }
