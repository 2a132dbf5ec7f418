"""People on the model side: meetings, search and filters, companies, merge, invitations."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from contacts import normalize
from contacts.models import Contact, Interaction, Introduction, JobChange, Note, Preferences, Tag
from invitations.models import Invitation
from tests.factories import make_contact, make_interaction, make_invitation, make_note

pytestmark = pytest.mark.django_db


def test_log_meeting_records_one_interaction_and_note_per_person(user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    when = timezone.now() - timedelta(hours=2)

    interactions = Contact.log_meeting(
        user,
        [ada, grace],
        kind="met",
        occurred_at=when,
        place="PyCon",
        notes="Talked about compilers.",
        follow_up_on=date(2030, 1, 5),
    )

    assert [i.contact for i in interactions] == [ada, grace]
    for interaction in interactions:
        assert interaction.kind == "met"
        assert interaction.place == "PyCon"
        assert interaction.occurred_at == when
        note = interaction.notes.get()
        assert note.text == "Talked about compilers."
        assert note.follow_up_on == date(2030, 1, 5)
        assert note.contact == interaction.contact


def test_log_meeting_creates_a_new_person_entered_by_hand(user):
    [interaction] = Contact.log_meeting(
        user,
        new_people=[
            {"name": "Linus Benedict Torvalds", "company": "ACME Inc.", "how_we_met": "Lunch"}
        ],
        kind="phone",
    )

    person = interaction.contact
    assert (person.first_name, person.last_name) == ("Linus", "Benedict Torvalds")
    assert person.source == Contact.Source.MANUAL
    assert person.company_key == "acme"
    assert person.how_we_met == "Lunch"
    assert person.owner == user
    assert not Note.objects.exists()


def test_log_meeting_with_only_a_follow_up_still_writes_a_note(user):
    ada = make_contact(user)

    [interaction] = Contact.log_meeting(user, [ada], follow_up_on=date(2030, 1, 1))

    assert interaction.notes.get().follow_up_on == date(2030, 1, 1)


def test_log_meeting_is_one_transaction(user):
    ada = make_contact(user)

    with pytest.raises(KeyError):
        Contact.log_meeting(user, [ada], new_people=[{"company": "no name"}])

    assert not Interaction.objects.exists()


def test_search_matches_name_company_position_and_notes(user):
    ada = make_contact(user, company="Analytical Engines", position="Mathematician")
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    make_note(grace, text="Loves COBOL")
    make_contact(user, first_name="Zed", last_name="Nobody")
    people = Contact.objects.owned_by(user)

    assert list(people.search("lovelace")) == [ada]
    assert list(people.search("engines")) == [ada]
    assert list(people.search("mathem")) == [ada]
    assert list(people.search("cobol")) == [grace]
    assert list(people.search("ada engines")) == [ada]
    assert list(people.search("ada cobol")) == []


def test_search_ignores_accents(user):
    zoe = make_contact(user, first_name="Zoé", last_name="Ärger")

    assert list(Contact.objects.owned_by(user).search("zoe arger")) == [zoe]


def test_type_ahead_needs_two_letters_and_puts_layered_people_first(user):
    make_contact(user, first_name="Adam", last_name="Aardvark")
    close = make_contact(user, first_name="Adele", last_name="Zulu", layer=2)
    people = Contact.objects.owned_by(user)

    assert list(people.type_ahead("a")) == []
    results = list(people.type_ahead("ad"))
    assert results[0] == close
    assert len(results) == 2
    assert list(people.type_ahead("zz")) == []


def test_type_ahead_finds_by_company_and_position(user):
    ada = make_contact(user, company="Initech", position="Staff engineer")

    assert list(Contact.objects.owned_by(user).type_ahead("init")) == [ada]
    assert list(Contact.objects.owned_by(user).type_ahead("staff eng")) == [ada]


def filtered(user, **params):
    return set(Contact.objects.owned_by(user).filter_by(params, Preferences.for_user(user)))


def test_filters_by_layer_and_pool(user):
    core = make_contact(user, layer=1)
    pool = make_contact(user, first_name="Pool")

    close = make_contact(user, first_name="Close", layer=2)

    assert filtered(user, layer=["1"]) == {core}
    assert filtered(user, layer=["pool"]) == {pool}
    assert filtered(user, layer=["1", "2"]) == {core, close}
    assert filtered(user, layer=["2", "pool"]) == {close, pool}


def test_filters_by_status_on_layered_people_only(user):
    active = make_contact(user, first_name="Active", layer=2)
    make_interaction(active, occurred_at=timezone.now() - timedelta(days=3))
    due = make_contact(user, first_name="Due", layer=2)
    make_interaction(due, occurred_at=timezone.now() - timedelta(days=45))
    dormant = make_contact(user, first_name="Dormant", layer=2)
    make_contact(user, first_name="Pool")

    assert filtered(user, status=["active"]) == {active}
    assert filtered(user, status=["due"]) == {due}
    assert filtered(user, status=["dormant"]) == {dormant}
    assert filtered(user, status=["active", "due"]) == {active, due}


def test_filters_by_met_in_person(user):
    met = make_contact(user, first_name="Met")
    make_interaction(met, kind="met")
    called = make_contact(user, first_name="Called")
    make_interaction(called, kind="phone")

    assert filtered(user, met="yes") == {met}
    assert filtered(user, met="never") == {called}


def test_filters_by_tag_company_and_connection_dates(user):
    tagged = make_contact(user, company="ACME Inc.", connected_on=date(2020, 5, 1))
    tagged.add_tag("python")
    other = make_contact(user, first_name="Other", company="Initech", is_connection=True)

    assert filtered(user, tag="python") == {tagged}
    assert filtered(user, company="Acme, Inc") == {tagged}
    assert filtered(user, company="acme") == {tagged}
    assert filtered(user, connected_from=date(2020, 1, 1)) == {tagged}
    assert filtered(user, connected_to=date(2019, 1, 1)) == set()
    assert filtered(user, connection=True) == {other}


def test_filters_by_open_follow_up_and_warmth(user):
    follow = make_contact(user, first_name="Follow")
    make_note(follow, follow_up_on=date(2030, 1, 1))
    closed = make_contact(user, first_name="Closed")
    make_note(closed, follow_up_on=date(2030, 1, 1), follow_up_done=True)
    warm = make_contact(user, first_name="Warm")
    make_interaction(warm, kind="linkedin", direction="both")
    cold = make_contact(user, first_name="Cold")
    make_interaction(cold, kind="linkedin", direction="to_me")

    assert filtered(user, followup="open") == {follow}
    assert filtered(user, warm=True) == {warm}


def test_sorts_by_last_real_interaction_with_never_met_last(user):
    old = make_contact(user, first_name="Old")
    make_interaction(old, occurred_at=timezone.now() - timedelta(days=100))
    new = make_contact(user, first_name="New")
    make_interaction(new)
    never = make_contact(user, first_name="Never")
    make_interaction(never, kind="linkedin", direction="to_me")  # not real
    people = Contact.objects.owned_by(user).with_last_real_interaction()

    assert list(people.sorted_by("-last")) == [new, old, never]
    assert list(people.sorted_by("last")) == [never, old, new]


@pytest.mark.parametrize("spelling", ["Acme", "ACME Inc.", "Acme, Inc", "acme  corp", "Acme GmbH"])
def test_company_spellings_share_one_key(spelling):
    assert normalize.company_key(spelling) == "acme"


def test_companies_groups_spellings_with_counts(user):
    for spelling in ["Acme", "ACME Inc.", "Acme, Inc"]:
        make_contact(user, company=spelling)
    make_contact(user, company="Initech")
    make_contact(user, company="")

    rows = list(Contact.objects.owned_by(user).companies())

    assert [(r["company_key"], r["people"]) for r in rows] == [("acme", 3), ("initech", 1)]
    assert [r["company_key"] for r in Contact.objects.owned_by(user).companies("INI")] == [
        "initech"
    ]


def test_invitation_draft_recalls_the_meeting_within_300_characters(user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at="2026-03-14 18:00", place="PyCon")

    draft = Invitation.draft_for(ada)

    assert draft.startswith("Hi Ada, great to meet you at PyCon on March 14.")
    assert len(draft) <= 300


def test_invitation_draft_stays_within_the_limit_with_a_very_long_name(user):
    ada = make_contact(user, first_name="A" * 250)
    make_interaction(ada, place="P" * 300)

    assert len(Invitation.draft_for(ada)) <= 300


def test_record_sent_invitation_is_outgoing_pending_and_linked(user):
    ada = make_contact(user, profile_url="linkedin.com/in/Ada-L")

    invitation = Invitation.record_sent_to(ada, "Hi Ada")

    assert invitation.direction == Invitation.Direction.OUTGOING
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.source == Invitation.Source.MANUAL
    assert invitation.contact == ada
    assert invitation.name == "Ada Lovelace"
    assert invitation.profile_key == "ada-l"
    assert invitation.message == "Hi Ada"
    assert invitation.sent_at is not None


def test_timeline_shows_everything_newest_first(user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace")
    meeting = make_interaction(ada, occurred_at="2026-01-10 12:00")
    Note.objects.create(owner=user, contact=ada, interaction=meeting, text="With the meeting")
    note = make_note(ada, text="Alone", created_at=timezone.now())
    invitation = make_invitation(user, contact=ada, sent_at=timezone.now() - timedelta(days=3))
    change = JobChange.objects.create(
        owner=user, contact=ada, new_company="Initech", seen_at=timezone.now() - timedelta(days=5)
    )
    intro = grace.introduce(ada, note="Both like engines")

    entries = ada.timeline()

    assert [e.obj for e in entries] == [note, intro, invitation, change, meeting]
    assert [n.text for n in entries[-1].obj.attached_notes] == ["With the meeting"]
    assert intro in [e.obj for e in grace.timeline()]


def test_tags_are_added_once_and_removed(user):
    ada = make_contact(user)

    tag = ada.add_tag(" python ")
    ada.add_tag("python")

    assert list(ada.tags.all()) == [tag]
    assert tag.name == "python"
    ada.remove_tag(tag)
    assert not ada.tags.exists()


def test_bulk_actions_set_layers_and_tags(user):
    ada = make_contact(user)
    grace = make_contact(user, first_name="Grace")
    tag = Tag.objects.create(owner=user, name="news")
    ada.tags.add(tag)
    people = Contact.objects.owned_by(user)

    assert people.bulk_set_layer(3) == 2
    assert set(people.values_list("layer", flat=True)) == {3}
    assert people.bulk_add_tag(tag) == 1
    assert set(grace.tags.all()) == {tag}
    assert people.bulk_remove_tag(tag) == 2
    assert not Contact.tags.through.objects.exists()


def test_merge_moves_everything_and_keeps_every_field(user):
    introducer = make_contact(user, first_name="Intro")
    kept = make_contact(
        user, first_name="Ada", last_name="", how_we_met="Met at PyCon", source="manual"
    )
    other = make_contact(
        user,
        first_name="Ada",
        last_name="Lovelace",
        profile_url="https://www.linkedin.com/in/ada",
        email="ada@example.com",
        company="Analytical Engines",
        position="Mathematician",
        connected_on=date(2024, 2, 3),
        is_connection=True,
        source="linkedin",
        layer=2,
        is_family=True,
        how_we_met="LinkedIn",
        introduced_by=introducer,
        snoozed_until=date(2030, 1, 1),
    )
    third = make_contact(user, first_name="Grace")
    referred = make_contact(user, first_name="Referred", introduced_by=other)
    interaction = make_interaction(other, import_key="msg-1", source="imported")
    note = make_note(other)
    invitation = make_invitation(user, contact=other)
    change = JobChange.objects.create(owner=user, contact=other, new_company="X")
    given = other.introduce(third)
    received = third.introduce(other, direction="asked")
    tag = other.add_tag("python")

    kept.merge(other)

    kept.refresh_from_db()
    assert not Contact.objects.filter(pk=other.pk).exists()
    assert (kept.first_name, kept.last_name) == ("Ada", "Lovelace")
    assert kept.name_key == "ada lovelace"
    assert kept.profile_url == "https://www.linkedin.com/in/ada"
    assert kept.profile_key == "ada"
    assert kept.email == "ada@example.com"
    assert (kept.company, kept.company_key) == ("Analytical Engines", "analytical engines")
    assert kept.position == "Mathematician"
    assert kept.connected_on == date(2024, 2, 3)
    assert kept.is_connection
    assert kept.source == "linkedin"
    assert kept.layer == 2
    assert kept.is_family
    assert kept.how_we_met == "Met at PyCon\nLinkedIn"
    assert kept.introduced_by == introducer
    assert kept.snoozed_until == date(2030, 1, 1)
    assert list(kept.tags.all()) == [tag]
    for row in (interaction, note, invitation, change):
        row.refresh_from_db()
        assert row.contact == kept
    given.refresh_from_db()
    received.refresh_from_db()
    assert given.person == kept
    assert received.other == kept
    referred.refresh_from_db()
    assert referred.introduced_by == kept
    assert Introduction.objects.count() == 2


def test_merge_keeps_the_kept_ones_own_values(user):
    kept = make_contact(user, company="Initech", layer=1, email="a@kept.example")
    other = make_contact(user, company="Acme", layer=3, email="a@other.example")

    kept.merge(other)

    kept.refresh_from_db()
    assert (kept.company, kept.layer, kept.email) == ("Initech", 1, "a@kept.example")


def test_merge_refuses_itself_and_other_owners(user, other_user):
    ada = make_contact(user)
    eve = make_contact(other_user)

    with pytest.raises(ValueError):
        ada.merge(ada)
    with pytest.raises(ValueError):
        ada.merge(eve)
