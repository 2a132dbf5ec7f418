from django.urls import path

from invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.triage, name="triage"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/headline/", views.headline, name="headline"),
    path("undo/", views.undo, name="undo"),
    path("bulk/", views.bulk, name="bulk"),
    path("talk-first/", views.talk_first, name="talk_first"),
    path("<int:pk>/conclude/", views.conclude, name="conclude"),
    path("todo/", views.todo, name="todo"),
    path("<int:pk>/applied/", views.applied, name="applied"),
    path("sent/", views.sent, name="sent"),
    path("<int:pk>/withdrawn/", views.withdrawn, name="withdrawn"),
    path("sent/withdrawn/", views.withdrawn_selected, name="withdrawn_selected"),
    path("new/", views.record, name="record"),
    path("for/<int:pk>/", views.person_invitation, name="person_invitation"),
    path("for/<int:pk>/profile/", views.person_profile, name="person_profile"),
    path("rule/", views.rule, name="rule"),
    path("rule/preset/", views.preset, name="preset"),
    path("rule/criteria/", views.criterion_add, name="criterion_add"),
    path("rule/criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("rule/criteria/<int:pk>/move/", views.criterion_move, name="criterion_move"),
    path("rule/criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("rule/templates/", views.template_add, name="template_add"),
    path("rule/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("rule/templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
]
