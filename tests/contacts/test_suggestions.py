"""Layer suggestions a user can believe (docs/relationship-model.md, "Move in"): a layer only
where the person's history fits its cadence, no contradiction of a recent placement, dismissals
that hold, and reasons in the words of the status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts import relationships
from contacts.models import Contact, DismissedSuggestion, Interaction, Preferences
from contacts.relationships import Candidate, Dismissals, Layer
from netcoach.dashboard import build
from tests.factories import days_ago, htmx, make_contact

pytestmark = pytest.mark.django_db


def today_minus(n):
    return days_ago(n, today=timezone.localdate())


def with_history(contact, gaps, kind="met", direction="both"):
    """`contact` with one interaction `gap` days ago (at noon) for each gap; scores refreshed."""
    Interaction.objects.bulk_create(
        Interaction(
            owner=contact.owner,
            contact=contact,
            kind=kind,
            direction=direction,
            # Today's is now: noon may still be in the future.
            occurred_at=timezone.now() if gap == 0 else today_minus(gap),
        )
        for gap in gaps
    )
    Contact.objects.filter(pk=contact.pk).refresh_scores(Preferences.half_life_of(contact.owner_id))
    return contact


def close_friend(owner, name, extra=0, **kwargs):
    """Met every three days for six weeks (score about 13): fits Core."""
    return with_history(make_contact(owner, first_name=name, **kwargs), range(1, 42 + extra, 3))


def moves_in(owner):
    return [(s.name, s.current_label, s.suggested_label) for s in build(owner).move_in]


def test_someone_last_met_358_days_ago_is_never_suggested_for_core(user):
    # Sixty meetings a year ago: a score above Core's threshold, but no real interaction since.
    old_friend = with_history(make_contact(user, first_name="Old"), range(358, 418))

    [suggestion] = build(user).move_in

    assert suggestion.contact_id == old_friend.pk
    assert suggestion.suggested_label == "Active"
    assert suggestion.reason == (
        "last met 358 days ago, 60 two-way exchanges in 730 days: fits Active (cadence 365 days)"
    )


def test_low_scores_after_a_first_import_are_never_suggested_for_core(user):
    with_history(make_contact(user, first_name="Ten"), [10])  # score 0.96
    with_history(make_contact(user, first_name="Hundred"), [100])  # 0.68
    with_history(make_contact(user, first_name="Half-year"), [150])  # 0.56: under Regular's 0.6
    with_history(make_contact(user, first_name="Chat"), [5], kind="linkedin")  # 0.29
    with_history(make_contact(user, first_name="Unanswered"), [0] * 9, "linkedin", "from_me")

    assert moves_in(user) == [
        ("Ten Lovelace", "Pool", "Regular"),
        ("Hundred Lovelace", "Pool", "Regular"),
        ("Half-year Lovelace", "Pool", "Active"),
    ]


def test_the_best_scores_that_fit_fill_a_layer_and_the_others_go_to_the_next(user):
    prefs = Preferences.for_user(user)
    prefs.cap_core = 2
    prefs.save()
    first, second, third = (
        close_friend(user, name, extra)
        for name, extra in [
            ("First", 9),
            ("Second", 6),
            ("Third", 3),
        ]
    )

    assert [(s.contact_id, s.suggested_label) for s in build(user).move_in] == [
        (first.pk, "Core"),
        (second.pk, "Core"),
        (third.pk, "Close"),
    ]


def test_people_in_a_layer_keep_their_places_against_the_caps(user):
    prefs = Preferences.for_user(user)
    prefs.cap_regular = prefs.cap_close = 15
    prefs.save()
    for i in range(14):
        make_contact(user, first_name=f"Placed{i}", layer=Layer.REGULAR)
    pool = close_friend(user, "Pool")
    close_friend(user, "Active", layer=Layer.ACTIVE)
    regular = close_friend(user, "Regular", layer=Layer.REGULAR)

    # Regular's cumulative 15 are all there: the one already counted in it can move closer; the
    # others fit Core too but would take Regular over its cap, and only the pool can go to Active.
    assert [(s.contact_id, s.suggested_label) for s in build(user).move_in] == [
        (regular.pk, "Core"),
        (pool.pk, "Active"),
    ]


def test_placing_8_people_in_regular_is_not_contradicted_by_the_suggestions(client_logged_in, user):
    friends = [close_friend(user, f"Friend{i}", extra=i) for i in range(8)]
    before = {s.contact_id: s.suggested_label for s in build(user).move_in}
    assert set(before.values()) == {"Core"}

    response = client_logged_in.post(
        "/people/bulk/",
        {
            "scope": "selected",
            "contact": [f.pk for f in friends],
            "action": "set_layer",
            "layer": "3",
        },
    )

    assert response.status_code == 302
    board = build(user)
    named = {s.contact_id for s in [*board.move_in, *board.move_out]}
    assert named.isdisjoint(f.pk for f in friends)
    html = client_logged_in.get("/").content.decode()
    assert not any(f"Friend{i} Lovelace" in html for i in range(8))
    # 90 days later the placement is old enough to be questioned again.
    Contact.objects.filter(owner=user).update(layer_set_at=timezone.now() - timedelta(days=91))
    assert {s.contact_id for s in build(user).move_in} == set(before)


def test_a_person_put_back_in_the_pool_is_not_suggested_again_for_90_days(client_logged_in, user):
    friend = close_friend(user, "Friend", layer=Layer.CORE)

    client_logged_in.post(f"/people/{friend.pk}/layer/", {"layer": ""})

    friend.refresh_from_db()
    assert friend.layer is None and friend.layer_set_at is not None
    assert build(user).move_in == []


def test_a_dismissed_suggestion_stays_hidden_for_90_days(client_logged_in, user):
    ten = with_history(make_contact(user, first_name="Ten"), [10])

    response = client_logged_in.post(
        f"/people/{ten.pk}/suggestion/dismiss/",
        {"layer": "3", "direction": "in", "next": "/"},
        headers=htmx(),
    )

    assert response.status_code == 200
    assert "Dismissed: Ten Lovelace will not be suggested for Regular for 90 days." in (
        response.content.decode()
    )
    assert build(user).move_in == []
    assert "Ten Lovelace" not in client_logged_in.get("/").content.decode()
    dismissal = DismissedSuggestion.objects.get(contact=ten)
    dismissal.dismissed_at = timezone.now() - timedelta(days=89)
    dismissal.save()
    assert build(user).move_in == []
    dismissal.dismissed_at = timezone.now() - timedelta(days=91)
    dismissal.save()
    assert [s.suggested_label for s in build(user).move_in] == ["Regular"]


def test_a_dismissed_suggestion_comes_back_when_they_fit_an_inner_layer(user):
    ten = with_history(make_contact(user, first_name="Ten"), [10])
    ten.dismiss_suggestion(Layer.REGULAR, "in")
    with_history(ten, range(2, 30, 4))  # seven more meetings in a month: fits Close

    assert [(s.contact_id, s.suggested_label) for s in build(user).move_in] == [(ten.pk, "Close")]
    ten.dismiss_suggestion(Layer.CLOSE, "in")
    assert build(user).move_in == []


def test_a_dismissed_move_out_stays_hidden(client_logged_in, user):
    silent = make_contact(user, first_name="Silent", layer=Layer.CLOSE)
    assert [s.suggested_label for s in build(user).move_out] == ["Regular"]

    response = client_logged_in.post(
        f"/people/{silent.pk}/suggestion/dismiss/",
        {"layer": "3", "direction": "out", "next": "/review/"},
    )

    assert response.status_code == 302 and response.url == "/review/"
    assert build(user).move_out == []
    assert (
        b"Silent Lovelace will not be suggested for Regular"
        in client_logged_in.get("/review/").content
    )


def test_dismiss_rejects_get_bad_input_and_other_peoples_contacts(
    client_logged_in, user, other_user
):
    mine = make_contact(user)
    theirs = make_contact(other_user)
    url = f"/people/{mine.pk}/suggestion/dismiss/"

    assert client_logged_in.get(url).status_code == 405
    bad = client_logged_in.post(url, {"layer": "9", "direction": "in"}, headers=htmx())
    assert bad.status_code == 422
    assert b"cannot be dismissed" in bad.content
    no_layer = client_logged_in.post(url, {"layer": "", "direction": "in"}, headers=htmx())
    assert no_layer.status_code == 422
    plain = client_logged_in.post(url, {"layer": "2", "direction": "sideways", "next": "/"})
    assert plain.status_code == 302 and plain.url == "/"
    assert not DismissedSuggestion.objects.exists()
    other = f"/people/{theirs.pk}/suggestion/dismiss/"
    assert client_logged_in.post(other, {"layer": "2", "direction": "in"}).status_code == 404


def test_each_suggestion_has_its_move_and_its_dismiss_buttons(client_logged_in, user):
    ten = with_history(make_contact(user, first_name="Ten"), [10])

    html = client_logged_in.get("/").content.decode()

    assert f'hx-post="/people/{ten.pk}/layer/"' in html
    assert f'action="/people/{ten.pk}/suggestion/dismiss/"' in html
    assert f'hx-post="/people/{ten.pk}/suggestion/dismiss/"' in html
    assert '<input type="hidden" name="direction" value="in">' in html
    assert ">Dismiss</button>" in html


@pytest.mark.parametrize(
    ("gaps", "reason"),
    [
        (
            [5, 20, 40, 55],
            "last met 5 days ago, 4 two-way exchanges in 60 days: fits Close (cadence 30 days)",
        ),
        (
            [0, 3, 9, 15, 22],
            "last met today, 5 two-way exchanges in 60 days: fits Close (cadence 30 days)",
        ),
        (
            [1],
            "last met yesterday, 1 two-way exchange in 360 days: fits Regular (cadence 180 days)",
        ),
    ],
)
def test_the_reason_speaks_like_the_status(user, gaps, reason):
    with_history(make_contact(user), gaps)

    assert [s.reason for s in build(user).move_in] == [reason]


def test_the_reason_names_the_kind_of_the_last_real_interaction_and_the_family(user):
    cousin = with_history(make_contact(user, is_family=True), [10, 30, 50, 70], kind="phone")
    with_history(cousin, [2], kind="linkedin", direction="from_me")  # one way: not real

    [suggestion] = build(user).move_in

    assert suggestion.reason == (
        "last call 10 days ago, 4 two-way exchanges in 90 days: "
        "fits Close (family, cadence 45 days)"
    )


def test_right_after_a_first_import_the_dashboard_says_the_suggestions_are_the_way_in(
    client_logged_in, user
):
    with_history(make_contact(user, first_name="Ten"), [10])

    html = client_logged_in.get("/").content.decode()

    assert "Nobody is in a layer yet: start here." in html
    assert '<a href="#suggestions">take a suggestion below</a>' in html
    make_contact(user, first_name="Placed", layer=Layer.ACTIVE)
    assert "Nobody is in a layer yet" not in client_logged_in.get("/").content.decode()


def candidate(pk, layer=None, score=50.0, gap=1):
    return Candidate(pk, f"P{pk}", layer, False, score, gap)


def test_a_suggestion_never_takes_a_layer_over_its_cap():
    prefs = Preferences(cap_core=1, cap_close=2, cap_regular=3, budget=100)
    stream = [candidate(pk) for pk in range(1, 10)]

    chosen = relationships.fill_layers(stream, {Layer.CLOSE: 1}, prefs, Dismissals(), limit=10)

    # Close's cumulative 2 hold the one placed there and the one moved to Core: the next best
    # goes to Regular, the others to Active.
    assert [(c.id, layer) for c, layer in chosen] == [(1, Layer.CORE), (2, Layer.REGULAR)] + [
        (pk, Layer.ACTIVE) for pk in range(3, 10)
    ]


def test_the_candidates_are_read_only_as_far_as_needed():
    prefs = Preferences()
    read = []

    def stream():
        for pk in range(1, 1000):
            read.append(pk)
            yield candidate(pk)

    chosen = relationships.fill_layers(stream(), {}, prefs, Dismissals(), limit=5)

    assert [layer for _c, layer in chosen] == [Layer.CORE] * 5
    assert len(read) == 5


@pytest.mark.parametrize(("cadence", "threshold"), [(7, 11.28), (30, 2.75), (180, 0.6), (365, 0.4)])
def test_the_threshold_is_one_two_way_linkedin_exchange_per_cadence(cadence, threshold):
    assert relationships.threshold(cadence, 180) == pytest.approx(threshold, abs=0.005)
