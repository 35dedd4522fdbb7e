"""The permissions of each role group, shared by the data migration and desk.roles."""

EDITOR_PERMISSIONS = [
    "sources.view_source", "sources.add_source", "sources.change_source",
    "sources.view_sourceversion", "sources.add_sourceversion",
    "events.view_event", "events.add_event", "events.change_event",
    "events.view_actor", "events.add_actor", "events.change_actor",
    "events.view_actoralias", "events.add_actoralias", "events.change_actoralias",
    "events.view_eventactor", "events.add_eventactor", "events.change_eventactor",
    "desk.view_briefing", "desk.view_topic", "desk.add_topic",
    "desk.view_excerpt", "desk.add_excerpt", "desk.change_excerpt",
    "desk.view_excerptrevision", "desk.view_comment", "desk.add_comment",
    "desk.view_auditentry",
]  # fmt: skip
REVIEWER_PERMISSIONS = [
    "sources.view_source", "sources.view_sourceversion",
    "events.view_event", "events.view_actor", "events.view_actoralias", "events.view_eventactor",
    "desk.view_briefing", "desk.change_briefing", "desk.view_topic",
    "desk.view_excerpt", "desk.change_excerpt", "desk.view_excerptrevision",
    "desk.view_comment", "desk.add_comment", "desk.view_auditentry",
]  # fmt: skip
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Reviewers": REVIEWER_PERMISSIONS}
