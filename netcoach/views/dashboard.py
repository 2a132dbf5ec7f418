"""The front page: the relationship budget, who to reconnect with, layer suggestions."""

from django.shortcuts import render

from netcoach import dashboard as board


def dashboard(request):
    """The front page: who is slipping away and why (docs/relationship-model.md)."""
    summary = board.build(request.user)
    context = {"board": summary, "to_triage_count": summary.invitations["to_triage"]}
    return render(request, "netcoach/dashboard.html", context)
