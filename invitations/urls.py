from django.urls import path

from invitations import views
from netcoach import ids  # noqa: F401  (registers <id:…>)

app_name = "invitations"

urlpatterns = [
    path("", views.triage, name="triage"),
    path("<id:pk>/decide/", views.decide, name="decide"),
    path("<id:pk>/headline/", views.headline, name="headline"),
    path("undo/", views.undo, name="undo"),
    path("bulk/", views.bulk, name="bulk"),
    path("talk-first/", views.talk_first, name="talk_first"),
    path("<id:pk>/conclude/", views.conclude, name="conclude"),
    path("todo/", views.todo, name="todo"),
    path("<id:pk>/applied/", views.applied, name="applied"),
    path("sent/", views.sent, name="sent"),
    path("<id:pk>/withdrawn/", views.withdrawn, name="withdrawn"),
    path("sent/withdrawn/", views.withdrawn_selected, name="withdrawn_selected"),
    path("new/", views.record, name="record"),
    path("for/<id:pk>/", views.person_invitation, name="person_invitation"),
    path("for/<id:pk>/profile/", views.person_profile, name="person_profile"),
    path("rule/", views.rule, name="rule"),
    path("rule/preset/", views.preset, name="preset"),
    path("rule/criteria/", views.criterion_add, name="criterion_add"),
    path("rule/criteria/<id:pk>/", views.criterion_edit, name="criterion_edit"),
    path("rule/criteria/<id:pk>/move/", views.criterion_move, name="criterion_move"),
    path("rule/criteria/<id:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("rule/templates/", views.template_add, name="template_add"),
    path("rule/templates/<id:pk>/", views.template_edit, name="template_edit"),
    path("rule/templates/<id:pk>/delete/", views.template_delete, name="template_delete"),
]
