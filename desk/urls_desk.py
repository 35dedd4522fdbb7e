from django.urls import path

from desk.views import (
    anchoring,
    assignment,
    briefings,
    excerpts,
    inbox,
    making,
    pickers,
    preferences,
    review,
    shared_records,
    team,
    tokens,
)

app_name = "desk"
urlpatterns = [
    path("", inbox.desk_home, name="home"),
    path("review/", review.review_queue, name="review_queue"),
    path("shared-records/", shared_records.shared_records, name="shared_records"),
    path("preferences/", preferences.preferences, name="preferences"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("team/", team.team, name="team"),
    path("team/<int:pk>/", team.person, name="team_person"),
    path("team/<int:pk>/deactivate/", team.deactivate, name="team_deactivate"),
    path("team/<int:pk>/reactivate/", team.reactivate, name="team_reactivate"),
    path("briefings/", briefings.briefing_list, name="briefings"),
    path("briefings/new/", briefings.briefing_new, name="briefing_new"),
    path("briefings/<slug:slug>/edit/", briefings.briefing_edit, name="briefing_edit"),
    path("pickers/<slug:kind>/", pickers.picker_choices, name="picker_choices"),
    path("tokens/<int:pk>/revoke/", tokens.revoke_token, name="token_revoke"),
    path(
        "sources/<int:source_id>/excerpts/new/",
        making.excerpt_from_selection,
        name="excerpt_from_selection",
    ),
    path("excerpts/new/", making.excerpt_new, name="excerpt_new"),
    path("excerpts/<int:pk>/", excerpts.excerpt_detail, name="excerpt"),
    path("excerpts/<int:pk>/history/", excerpts.excerpt_history, name="excerpt_history"),
    path("excerpts/<int:pk>/edit/", excerpts.excerpt_edit, name="excerpt_edit"),
    path("excerpts/<int:pk>/anchor/accept/", anchoring.accept_new_text, name="anchor_accept"),
    path("excerpts/<int:pk>/anchor/keep/", anchoring.keep_old_text, name="anchor_keep"),
    path("excerpts/<int:pk>/comment/", review.excerpt_comment, name="excerpt_comment"),
    path("excerpts/<int:pk>/assign/", assignment.excerpt_assign, name="excerpt_assign"),
    path("excerpts/<int:pk>/card/", excerpts.excerpt_card, name="excerpt_card"),
    path(
        "excerpts/<int:pk>/withdraw/confirm/",
        excerpts.excerpt_withdraw,
        name="excerpt_withdraw",
    ),
    path("excerpts/<int:pk>/<str:action>/", review.excerpt_transition, name="excerpt_transition"),
]
