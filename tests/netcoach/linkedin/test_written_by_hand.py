""" "I wrote" then an import: the message logged by hand ("Write to these", the review's
congratulate step) and the export's day holding it are one message, counted once
(netcoach/linkedin/stages.py: _replace_entered_messages)."""

import pytest

from contacts.models import Contact, Interaction
from netcoach.linkedin.apply import import_file
from tests.contacts.test_scores import assert_scores_current
from tests.netcoach.linkedin.test_replies import (
    ana,
    archive,
    days_ago,
    from_ana,
    linkedin,
    to_ana,
    to_ben,
)

pytestmark = pytest.mark.django_db


def i_wrote(contact, at):
    (logged,) = Contact.record_messages(contact.owner, [(contact, "Coffee next week?")])
    Interaction.objects.filter(pk=logged.pk).update(occurred_at=at)
    return logged


def entered(contact):
    return list(contact.interactions.filter(source="entered").values_list("direction", flat=True))


def test_the_export_day_holding_the_message_replaces_the_i_wrote(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(3, hour=11))

    run = import_file(archive(to_ana(days_ago(3)), from_ana(days_ago(1))), "export.zip", user)

    assert entered(contact) == []
    assert linkedin(contact) == [
        (f"msg:c1:{days_ago(3).date()}", "both"),
        (f"msg:c1:{days_ago(1).date()}", "both"),
    ]
    assert run.counts["messages"]["entered_replaced"] == 1
    assert_scores_current(user)


def test_the_score_counts_the_message_once(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(3, hour=11))
    import_file(archive(to_ana(days_ago(3)), from_ana(days_ago(1))), "export.zip", user)
    with_i_wrote = Contact.objects.get(pk=contact.pk).score_log2

    Interaction.objects.filter(owner=user).delete()
    import_file(archive(to_ana(days_ago(3)), from_ana(days_ago(1))), "again.zip", user, force=True)

    assert Contact.objects.get(pk=contact.pk).score_log2 == pytest.approx(with_i_wrote)


def test_an_i_wrote_on_another_day_stays(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(6))

    run = import_file(archive(to_ana(days_ago(3))), "export.zip", user)

    assert entered(contact) == ["from_me"]
    assert run.counts["messages"]["entered_replaced"] == 0


def test_a_day_when_only_they_wrote_replaces_nothing(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(2, hour=9))

    import_file(archive(from_ana(days_ago(2, hour=15))), "export.zip", user)

    assert entered(contact) == ["from_me"]


def test_a_message_to_someone_else_that_day_replaces_nothing(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(2, hour=9))

    import_file(archive(to_ben(days_ago(2, hour=10))), "export.zip", user)

    assert entered(contact) == ["from_me"]


def test_an_interaction_entered_otherwise_is_never_replaced(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    contact.log_interaction("linkedin", direction="both", occurred_at=days_ago(2, hour=9))
    contact.log_interaction("email", direction="from_me", occurred_at=days_ago(2, hour=9))

    import_file(archive(to_ana(days_ago(2, hour=10))), "export.zip", user)

    assert sorted(entered(contact)) == ["both", "from_me"]


def test_importing_again_changes_nothing_more(user):
    import_file(archive(), "connections.zip", user)
    contact = ana(user)
    i_wrote(contact, days_ago(3, hour=11))
    data = archive(to_ana(days_ago(3)), from_ana(days_ago(1)))
    import_file(data, "export.zip", user)
    before = list(Interaction.objects.filter(owner=user).values_list("pk", "direction"))

    run = import_file(data, "export.zip", user, force=True)

    assert list(Interaction.objects.filter(owner=user).values_list("pk", "direction")) == before
    assert run.counts["messages"]["entered_replaced"] == 0
