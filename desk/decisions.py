"""What a person can decide on an excerpt's page, and why each other decision is unavailable.

The rules stay in desk.publishing.states and desk.publishing.workflow; this only turns their
answers into what the page shows: a button for each decision open to the person, and each
decision that belongs to the excerpt's state but is closed to them, disabled with the reason in
plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from desk.models import Excerpt
from desk.publishing.states import TRANSITIONS, Action
from desk.publishing.workflow import Why, refusal
from desk.roles import GROUP_FOR_ROLE

# The order buttons appear in: forward first, then back, then away.
ORDER = [
    Action.SUBMIT,
    Action.APPROVE,
    Action.PUBLISH,
    Action.SCHEDULE,
    Action.RESCHEDULE,
    Action.UNSCHEDULE,
    Action.REQUEST_CHANGES,
    Action.REJECT,
    Action.WITHDRAW,
    Action.REOPEN,
]
# Someone holding every role who wrote nothing: what the rules refuse them, the state refuses.
_ANYONE = SimpleNamespace(
    pk=None,
    is_authenticated=True,
    is_active=True,
    is_superuser=False,
    _desk_group_names=frozenset(GROUP_FOR_ROLE.values()),
)
DANGER = frozenset({Action.REJECT, Action.WITHDRAW})
# What each verb is called in the four-eyes explanation.
# Whole sentences: a language may not build them from a verb.
FOUR_EYES_REASON = {
    Action.APPROVE: _("You wrote or last edited this; another reviewer must approve it."),
    Action.SCHEDULE: _("You wrote or last edited this; another reviewer must schedule it."),
    Action.RESCHEDULE: _("You wrote or last edited this; another reviewer must reschedule it."),
    Action.PUBLISH: _("You wrote or last edited this; another reviewer must publish it."),
}


@dataclass(frozen=True)
class Decision:
    action: Action
    label: str
    reason: str = ""  # empty when the person can take it now

    @property
    def enabled(self) -> bool:
        return not self.reason

    @property
    def danger(self) -> bool:
        return self.action in DANGER


def explain(excerpt: Excerpt, action: Action, user) -> str | None:
    """Why this person cannot take this decision now; "" if they can; None if it does not apply.

    A decision that the excerpt's state does not allow at all is not offered, not even disabled.
    """
    if refusal(excerpt, action, _ANYONE) is not None:
        return None
    refused = refusal(excerpt, action, user)
    if refused is None:
        return ""
    if refused.why == Why.FOUR_EYES:
        return str(
            FOUR_EYES_REASON.get(
                action, _("You wrote or last edited this; another reviewer must decide on it.")
            )
        )
    return refused.message


def decisions_for(excerpt: Excerpt, user) -> list[Decision]:
    """Every decision the page shows for this excerpt: open ones, and closed ones with reasons."""
    shown = []
    for action in ORDER:
        if action not in TRANSITIONS:
            continue
        reason = explain(excerpt, action, user)
        if reason is not None:
            shown.append(Decision(action, action.label, reason))
    return shown


@dataclass(frozen=True)
class Panel:
    """The page's decision panel: open decisions, closed ones with reasons, and what to ask."""

    open: list[Decision]
    closed: list[Decision]
    asks_time: bool
    asks_correction_note: bool

    def __bool__(self) -> bool:
        return bool(self.open or self.closed)


def panel_for(excerpt: Excerpt, user, *, correcting: bool) -> Panel:
    shown = decisions_for(excerpt, user)
    open_ = [d for d in shown if d.enabled]
    actions = {d.action for d in open_}
    return Panel(
        open=open_,
        closed=[d for d in shown if not d.enabled],
        asks_time=bool(actions & {Action.SCHEDULE, Action.RESCHEDULE}),
        asks_correction_note=correcting and bool(actions & {Action.APPROVE, Action.PUBLISH}),
    )
