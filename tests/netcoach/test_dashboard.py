"""The dashboard's numbers on a crafted data set checked by hand, its links and its queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Introduction, Review
from contacts.relationships import Layer
from netcoach.dashboard import month_chart
from tests.factories import (
    days_ago,
    make_contact,
    make_interaction,
    make_invitation,
    make_job_change,
    make_layered,
    make_note,
)

pytestmark = pytest.mark.django_db

# Session, user, then a fixed set of reads whatever the network's size; with a move-in to
# suggest (as in craft_network: Gus), one of them reads the real interactions behind its reason;
# the last one reads the own-profile checklist.
DASHBOARD_QUERIES = 25


def craft_network(owner, suffix=""):
    """Six layered people, three in the pool; every number below is worked out by hand."""
    today = timezone.localdate()

    def layered(layer, gap, name, **kwargs):
        return make_layered(owner, layer, gap, today=today, first_name=name + suffix, **kwargs)

    people = {
        "ann": layered(Layer.CORE, 3, "Ann"),  # active
        "bob": layered(Layer.CORE, 10, "Bob"),  # due: 4 × 10/7 + 1 follow-up = 6.71
        "cy": layered(Layer.CLOSE, 74, "Cy"),  # dormant: 3 × 74/30 = 7.4
        "di": layered(Layer.CLOSE, 20, "Di", kind="phone"),  # active
        "ed": layered(Layer.REGULAR, None, "Ed"),  # dormant, never: 2 × 4 = 8
        "fay": layered(
            Layer.ACTIVE,
            400,
            "Fay",
            kind="linkedin",
            is_connection=True,
            connected_on=date(2019, 5, 1),
        ),  # due: 1 × 400/365 = 1.1
        "gus": make_contact(
            owner, first_name="Gus" + suffix, is_connection=True, connected_on=date(2019, 7, 1)
        ),
        "hal": make_contact(
            owner, first_name="Hal" + suffix, is_connection=True, connected_on=date(2021, 1, 1)
        ),
        "ivy": make_contact(owner, first_name="Ivy" + suffix),
    }
    make_interaction(people["gus"], kind="met", occurred_at=days_ago(30, today))
    make_interaction(people["ivy"], kind="linkedin", occurred_at=days_ago(10, today))
    make_note(people["bob"], follow_up_on=today)
    make_note(people["gus"], follow_up_on=today - timedelta(days=2), text="Send the slides")
    make_note(people["gus"], follow_up_on=today - timedelta(days=9), follow_up_done=True)
    make_note(people["gus"], follow_up_on=today + timedelta(days=9))
    make_invitation(owner, name="In One" + suffix)
    make_invitation(owner, name="In Two" + suffix)
    make_invitation(
        owner,
        name="Out" + suffix,
        direction="outgoing",
        sent_at=timezone.now() - timedelta(days=30),
    )
    for direction in ("made", "made", "asked"):
        Introduction.objects.create(
            owner=owner, person=people["ann"], other=people["gus"], direction=direction
        )
    return people


def test_the_empty_dashboard_points_to_import(client_logged_in):
    response = client_logged_in.get("/")

    assert response.status_code == 200
    assert b"Your network is empty, for now" in response.content
    assert b'href="/import/"' in response.content


def test_the_numbers_of_a_crafted_network(client_logged_in, user):
    people = craft_network(user)

    board = client_logged_in.get("/").context["board"]

    assert (board.budget.used, board.budget.at_risk, board.budget.total) == (4, 2, 150)
    assert [(r.label, r.inner, r.active, r.due, r.dormant, r.cap) for r in board.budget.layers] == [
        ("Core", 0, 1, 1, 0, 5),
        ("Close", 2, 1, 0, 1, 15),
        ("Regular", 4, 0, 0, 1, 50),
        ("Active", 5, 0, 1, 0, 150),
    ]
    assert [p.id for p in board.reconnect] == [
        people["ed"].id,
        people["cy"].id,
        people["bob"].id,
        people["fay"].id,
    ]
    assert [round(p.priority.score, 2) for p in board.reconnect] == [8, 7.4, 6.71, 1.1]
    assert (
        board.reconnect[2].reason == "Core · last met 10 days ago · cadence 7 days · follow-up open"
    )
    assert board.pool == {
        "everyone": 9,
        "connections": 3,
        "layered": 6,
        "unlayered": 3,
        "met": 4,
        "warm": 6,
        "to_meet": 2,
    }
    assert board.follow_ups == {"due": 1, "overdue": 1}
    assert board.invitations["to_triage"] == 2
    assert (board.invitations["sent_pending"], board.invitations["sent_stale"]) == (1, 1)
    assert (board.months["total"], board.months["met_share"]) == (6, 67)
    assert [(c["year"], c["n"]) for c in board.growth["columns"]] == [
        (2019, 2),
        (2020, 0),
        (2021, 1),
    ]
    assert board.introductions == {"made": 2, "asked": 1}
    assert [s.contact_id for s in board.move_out] == [people["ed"].id]


def test_the_page_shows_the_numbers_with_their_links_and_rules(client_logged_in, user):
    people = craft_network(user)

    html = client_logged_in.get("/").content.decode()

    assert '<span class="stat-value">4</span><span class="budget-of"> / 150</span>' in html
    assert 'href="/people/?status=dormant"' in html
    assert 'href="/people/?layer=2&amp;status=dormant">1 dormant</a>' in html
    assert "Cy Lovelace" in html
    assert "Close · last met 74 days ago · cadence 30 days" in html
    assert f'href="/meetings/new/?contact={people["cy"].id}&amp;kind=met"' in html
    assert f'href="/meetings/new/?contact={people["cy"].id}&amp;kind=phone"' in html
    assert 'href="/people/?warm=1"' in html
    assert 'href="/people/?connected_from=2019-01-01&amp;connected_to=2019-12-31"' in html
    assert 'title="Used = people in a layer who are active or due' in html
    assert '<title id="months-title">Real interactions per month by kind</title>' in html
    assert "never met" in html  # Ed
    assert 'style="' not in html


def test_an_over_cap_layer_asks_to_move_someone_out(client_logged_in, user):
    for i in range(6):
        make_layered(user, Layer.CORE, 1, today=timezone.localdate(), first_name=f"Core{i}")

    html = client_logged_in.get("/").content.decode()

    assert "Core is over its cap:</strong> 6 people for 5" in html
    assert 'href="/people/?layer=1">Move 1 of them out</a>' in html


def test_the_last_review_and_the_streak(client_logged_in, user):
    make_contact(user)
    now = timezone.now()
    for weeks in (0, 1, 2):
        Review.objects.create(owner=user, finished_at=now - timedelta(weeks=weeks))

    board = client_logged_in.get("/").context["board"]

    assert board.streak == 3
    assert board.last_review_at == now
    assert b"3-week streak" in client_logged_in.get("/").content


def test_names_from_linkedin_are_escaped(client_logged_in, user):
    make_layered(user, Layer.CORE, 30, first_name="<script>x</script>")

    html = client_logged_in.get("/").content.decode()

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_dashboard_shows_only_the_users_own_people(client_logged_in, user, other_user):
    craft_network(other_user, suffix="Secret")
    make_contact(user)

    response = client_logged_in.get("/")

    assert b"Secret" not in response.content
    assert response.context["board"].budget.used == 0


def test_the_dashboard_counts_only_the_users_own_data(client_logged_in, user, other_user):
    ada = make_contact(user)
    make_interaction(ada)
    make_interaction(ada, kind="phone")
    make_invitation(user)
    make_contact(other_user, first_name="Eve")
    make_invitation(other_user)

    response = client_logged_in.get("/")

    board = response.context["board"]
    assert board.pool["everyone"] == 1
    assert board.months["total"] == 2
    assert board.invitations["to_triage"] == 1
    assert b"Your network is empty" not in response.content


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_network(client_logged_in, user):
    craft_network(user)
    client_logged_in.get("/")  # the first request also checks that an account exists
    small = count_queries(client_logged_in)
    for i in range(1, 6):
        people = craft_network(user, suffix=f" {i}")
        for person in people.values():
            make_interaction(person, kind="email", direction="from_me")
            make_job_change(person, "Acme", "Initech")
            make_job_change(person, "Initech", "Hooli")
        # More people whose history fits a layer, placed recently, or dismissed.
        people["gus"].dismiss_suggestion(Layer.REGULAR, "in")
        people["ed"].dismiss_suggestion(Layer.ACTIVE, "out")
        people["hal"].set_layer(Layer.CLOSE)
        for gap in (1, 4, 9):
            make_interaction(people["ivy"], kind="phone", occurred_at=days_ago(gap))
    Review.objects.create(owner=user, finished_at=timezone.now())

    assert small == DASHBOARD_QUERIES
    assert count_queries(client_logged_in) == DASHBOARD_QUERIES
    assert len(client_logged_in.get("/").context["board"].move_in) == 5


def job_changes_panel(html):
    start = html.index('id="job-changes-title"')
    return html[start : html.index("</section>", start)]


def test_one_job_change_or_many_take_the_same_queries(client_logged_in, user):
    make_job_change(craft_network(user)["ann"])
    client_logged_in.get("/")
    one = count_queries(client_logged_in)
    for i in range(15):
        person = make_contact(user, first_name=f"Mover{i}", layer=Layer.ACTIVE if i % 2 else None)
        make_job_change(person, "Acme", "Initech", seen_at=timezone.now() - timedelta(days=i))
        make_job_change(person, "Initech", f"Hooli {i}")

    assert one == DASHBOARD_QUERIES
    assert count_queries(client_logged_in) == DASHBOARD_QUERIES


def test_the_job_changes_panel_lists_recent_moves_layered_people_first(
    client_logged_in, user, other_user
):
    now = timezone.now()
    pool = make_contact(user, first_name="Pool")
    make_job_change(pool, "Acme", "Initech", now - timedelta(days=1))
    close = make_contact(user, first_name="Close", layer=Layer.CLOSE)
    make_job_change(close, "Acme", "Hooli", now - timedelta(days=10))
    core = make_contact(user, first_name="Core", layer=Layer.CORE)
    make_job_change(core, "Acme", "Initech", now - timedelta(days=60), old_position="")
    make_job_change(core, "Initech", "Globex", now - timedelta(days=20), new_position="")
    old = make_contact(user, first_name="Old")
    make_job_change(old, seen_at=now - timedelta(days=91))
    make_job_change(make_contact(other_user, first_name="Eve"))

    response = client_logged_in.get("/")

    news = response.context["board"].job_changes
    assert [c.contact for c in news.changes] == [core, close, pool]
    assert news.people == 3
    assert news.since == timezone.localdate() - timedelta(days=90)
    html = response.content.decode()
    panel = job_changes_panel(html)
    assert "3 people changed jobs since" in panel
    assert f'href="/people/{core.pk}/">Core Lovelace</a>' in panel
    assert 'Now at Globex <span class="muted">· was Engineer at Initech</span>' in panel
    assert "Now CTO at Hooli" in panel
    assert "Old Lovelace" not in panel and "Eve Lovelace" not in html
    assert f'href="/people/?changed_since={news.since}">See all 3 on People</a>' in panel


def test_the_job_changes_panel_shows_ten_and_counts_everyone(client_logged_in, user):
    for i in range(12):
        make_job_change(make_contact(user, first_name=f"P{i:02}"))
    make_job_change(make_contact(user, first_name="Gone"), new_company="", new_position="")

    board = client_logged_in.get("/").context["board"]
    html = client_logged_in.get("/").content.decode()

    assert len(board.job_changes.changes) == 10
    assert board.job_changes.people == 13
    assert "See all 13 on People" in html
    assert board.job_changes.changes[0].contact.first_name == "Gone"  # the newest
    assert 'No job on their profile <span class="muted">· was Engineer at Acme' in html


def test_one_job_change_is_one_person(client_logged_in, user):
    make_job_change(make_contact(user))

    assert "1 person changed jobs since" in client_logged_in.get("/").content.decode()


def test_without_job_changes_the_panel_says_what_brings_them(client_logged_in, user):
    make_contact(user)

    html = client_logged_in.get("/").content.decode()

    panel = job_changes_panel(html)
    assert "Nobody changed jobs since" in panel
    assert "importing a newer LinkedIn export" in panel
    assert '<a href="/import/">Import a newer export</a>' in panel


def test_job_changes_from_linkedin_are_escaped(client_logged_in, user):
    ada = make_contact(user, first_name="<b>Ada</b>")
    make_job_change(ada, "<i>Acme</i>", "<script>x</script>", new_position="<u>CTO</u>")

    html = client_logged_in.get("/").content.decode()

    assert "<script>x</script>" not in html and "<b>Ada" not in html and "<u>CTO" not in html
    assert "Now &lt;u&gt;CTO&lt;/u&gt; at &lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;Ada&lt;/b&gt; Lovelace" in html


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata"])
def test_the_month_chart_splits_months_at_local_midnight(user, settings, zone):
    settings.TIME_ZONE = zone
    with timezone.override(zone):
        ada = make_contact(user)
        today = date(2026, 6, 15)
        may = timezone.make_aware(datetime(2026, 5, 1))
        for moment, kind, direction in [
            (may, "met", "both"),  # May's first instant
            (may - timedelta(microseconds=1), "phone", "both"),  # April's last
            (may + timedelta(days=3), "email", "from_me"),  # one-way: not real
            (may + timedelta(days=4), "linkedin", "both"),
            (timezone.make_aware(datetime(2025, 6, 30, 23, 59)), "video", "both"),  # too old
        ]:
            make_interaction(ada, kind=kind, occurred_at=moment, direction=direction)

        chart = month_chart(user, today)

    by_month = {c["month"]: c["by_kind"] for c in chart["columns"]}
    assert by_month[date(2026, 5, 1)] == [1, 0, 0, 0, 1]
    assert by_month[date(2026, 4, 1)] == [0, 0, 1, 0, 0]
    assert sum(map(sum, by_month.values())) == 3
    assert min(by_month) == date(2025, 7, 1)


def test_the_charts_count_one_thing_in_the_singular(client_logged_in, user):
    ada = make_contact(user, connected_on=timezone.localdate(), is_connection=True)
    make_interaction(ada, kind="met", occurred_at=timezone.now() - timedelta(days=1))
    ada.introduce(make_contact(user, "Grace", "Hopper"))

    page = client_logged_in.get("/").content.decode()

    assert "1 real interaction, 100% met in person." in page
    assert "1 connection by the year you connected." in page
    assert 'aria-label="1 introduction made"' in page
