"""Endorsements and recommendations applied as interactions that count at their weight and never
reset the clock; people found by URL or by a name nobody else has; re-imports change nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, ImportRun, Interaction, Preferences
from contacts.relationships import Layer
from netcoach.linkedin.apply import import_file, summary_lines
from tests.factories import make_contact, make_interaction
from tests.netcoach.linkedin.test_apply import table_counts
from tests.netcoach.linkedin.test_endorsements import (
    ENDORSING,
    RECOMMENDATIONS,
    basic_2023,
    endorsements_received,
)
from tests.netcoach.linkedin.zips import (
    ANA,
    CONNECTIONS_2023,
    PREAMBLE,
    PROFILE_CSV,
    csv_text,
    make_zip,
    utc,
)

pytestmark = pytest.mark.django_db


def interactions(user, kind):
    return list(
        Interaction.objects.filter(owner=user, kind=kind)
        .order_by("occurred_at")
        .values_list("contact__first_name", "direction", "summary", "occurred_at")
    )


def test_endorsements_become_interactions_that_never_reset_the_clock(user):
    files = basic_2023(
        **endorsements_received(
            "2026/01/15 07:59:13 UTC,Product Management,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
            "2026/01/15 07:58:00 UTC,Roadmapping,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
        ),
        **{
            "Endorsement_Given_Info.csv": csv_text(
                ENDORSING, "2026/01/20 12:00:00 UTC,Go,Ben,Smith,www.linkedin.com/in/ben-smith,"
            )
        },
    )

    run = import_file(make_zip(files), "Basic_LinkedInDataExport_02-08-2026.zip", user)

    assert interactions(user, "endorsement") == [
        ("Ana", "to_me", "Endorsed you for Product Management, Roadmapping",
         utc(2026, 1, 15, 7, 59, 13)),
        ("Ben", "from_me", "You endorsed them for Go", utc(2026, 1, 20, 12)),
    ]  # fmt: skip
    assert run.counts["endorsements"] == {
        "created": 2, "updated": 0, "unchanged": 0, "without_contact": 0, "ambiguous": 0,
        "received": 2, "given": 1,
    }  # fmt: skip
    assert "Endorsements: 2 created, 0 updated, 0 unchanged" in summary_lines(run)
    assert not Interaction.objects.filter(Interaction.REAL).exists()


def test_the_score_counts_an_endorsement_at_005_and_a_recommendation_at_01(user):
    now = timezone.now()
    ana = make_contact(user, "Ana", "Silva", profile_url=ANA, layer=Layer.CLOSE)
    make_interaction(ana, kind="met", occurred_at=now - timedelta(days=40))
    day = now.strftime("%Y/%m/%d %H:%M:%S UTC")
    created = now.strftime("%-m/%-d/%y, %-I:%M %p")
    files = {
        "Profile.csv": PROFILE_CSV,
        **endorsements_received(f"{day},SQL,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED"),
        "Recommendations_Received.csv": csv_text(
            RECOMMENDATIONS, f'Ana,Silva,Acme,CTO,Great.,"{created}",VISIBLE'
        ),
    }
    prefs = Preferences.for_user(user)

    import_file(make_zip(files), "x.zip", user)

    (_, _, _, score), *_ = Contact.objects.filter(pk=ana.pk).ranked_by_score(prefs, now)
    met = 0.5 ** (40 / 180)
    assert score == pytest.approx(met + 0.05 + 0.1, abs=2e-3)
    standing = Contact.objects.get(pk=ana.pk).standing(prefs)
    assert standing.gap_days == 40  # the clock still runs from the meeting
    assert standing.status == "due"


def test_a_recommendation_received_marks_a_prescriber_and_one_given_is_an_interaction(user):
    files = basic_2023(
        **{
            "Recommendations_Received.csv": csv_text(
                RECOMMENDATIONS,
                'Ana,Silva,Acme,CTO,"Ana is <b>great</b>.","7/1/23, 9:56 AM",VISIBLE',
            ),
            "Recommendations_Given.csv": csv_text(
                RECOMMENDATIONS, 'Ben,Smith,Globex,Engineer,Solid.,"12/24/22, 5:05 PM",VISIBLE'
            ),
        }
    )

    run = import_file(make_zip(files), "Complete_LinkedInDataExport_02-08-2026.zip", user)

    assert interactions(user, "recommendation") == [
        ("Ben", "from_me", "Solid.", utc(2022, 12, 24, 17, 5)),
        ("Ana", "to_me", "Ana is <b>great</b>.", utc(2023, 7, 1, 9, 56)),
    ]
    ana = Contact.objects.get(owner=user, first_name="Ana")
    assert [r.summary for r in ana.recommendations_received()] == ["Ana is <b>great</b>."]
    assert run.counts["recommendations"]["created"] == 2


def test_a_reimport_and_a_forced_reimport_change_nothing(user):
    files = basic_2023(
        **endorsements_received(
            "2022/11/15 07:59:13 UTC,SQL,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
            "2022/11/16 07:59:13 UTC,SQL,Cy,Lee,www.linkedin.com/in/cy-lee,ACCEPTED",
        ),
        **{
            "Recommendations_Received.csv": csv_text(
                RECOMMENDATIONS, 'Ben,Smith,Globex,Engineer,Solid.,"12/24/22, 5:05 PM",VISIBLE'
            )
        },
    )
    data = make_zip(files)
    first = import_file(data, "x.zip", user)
    before = table_counts(user), interactions(user, "endorsement"), stored_scores(user)

    again = import_file(data, "x.zip", user)
    forced = import_file(data, "x.zip", user, force=True)

    assert again.counts["same_as"] == first.pk
    assert (table_counts(user), interactions(user, "endorsement"), stored_scores(user)) == before
    for name in ("endorsements", "recommendations"):
        c = forced.counts[name]
        assert (c["created"], c["updated"]) == (0, 0), name
        assert c["unchanged"] == first.counts[name]["created"], name
    assert forced.counts["endorsements"]["without_contact"] == 1  # Cy is nobody the user knows


def test_a_recommendation_edited_on_linkedin_is_updated_in_place(user):
    row = 'Ben,Smith,Globex,Engineer,{},"12/24/22, 5:05 PM",VISIBLE'
    recommendations = lambda text: {  # noqa: E731
        "Recommendations_Given.csv": csv_text(RECOMMENDATIONS, row.format(text))
    }
    import_file(make_zip(basic_2023(**recommendations("Solid."))), "first.zip", user)

    run = import_file(make_zip(basic_2023(**recommendations("Solid and kind."))), "next.zip", user)

    assert interactions(user, "recommendation") == [
        ("Ben", "from_me", "Solid and kind.", utc(2022, 12, 24, 17, 5))
    ]
    assert run.counts["recommendations"]["updated"] == 1


def test_a_name_several_contacts_share_is_not_linked_and_said_so(user):
    # 2023: two different people called Sam Lee, each with their own URL.
    connections = csv_text(
        CONNECTIONS_2023,
        "Sam,Lee,https://www.linkedin.com/in/sam-lee-1,,Acme,CTO,08 Feb 2023",
        "Sam,Lee,https://www.linkedin.com/in/sam-lee-2,,Globex,Designer,01 Jan 2022",
        "Ana,Silva,,,Acme,CTO,01 Jan 2021",
        preamble=PREAMBLE,
    )
    files = {
        "Connections.csv": connections,
        "Profile.csv": PROFILE_CSV,
        "Recommendations_Received.csv": csv_text(
            RECOMMENDATIONS,
            'Sam,Lee,Acme,CTO,Great.,"7/1/23, 9:56 AM",VISIBLE',
            'Zoe,Nobody,Initech,CEO,Who?,"7/2/23, 9:56 AM",VISIBLE',
            'Ana,Silva,Acme,CTO,Thanks.,"7/3/23, 9:56 AM",VISIBLE',
        ),
        # An endorsement carries a URL: the right Sam is found by it.
        **endorsements_received(
            "2023/07/01 10:00:00 UTC,SQL,Sam,Lee,www.linkedin.com/in/sam-lee-2,ACCEPTED",
            "2023/07/01 10:00:00 UTC,SQL,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
        ),
    }

    run = import_file(make_zip(files), "x.zip", user)

    assert run.counts["recommendations"] == {
        "created": 1, "updated": 0, "unchanged": 0, "without_contact": 1, "ambiguous": 1,
        "received": 3, "given": 0,
    }  # fmt: skip
    recommended = Interaction.objects.filter(owner=user, kind="recommendation")
    assert [i.contact.first_name for i in recommended] == ["Ana"]
    endorsed = Interaction.objects.filter(owner=user, kind="endorsement").order_by("contact__pk")
    # Ana was known by name only (2021-style row): her endorsement's URL finds her by name.
    assert [(i.contact.first_name, i.contact.profile_key) for i in endorsed] == [
        ("Sam", "sam-lee-2"),
        ("Ana", ""),
    ]
    assert Contact.objects.filter(owner=user).count() == 3  # nobody created
    assert {"file": "Recommendations_Received.csv", "line": 2, "column": "",
            "message": "Sam Lee matches 2 contacts: not linked",
            "notice": {"msgid": "%(name)s matches %(n)s contacts: not linked",
                       "params": {"name": "Sam Lee", "n": 2}}} in run.warnings  # fmt: skip
    assert (
        "Recommendations not linked: 1 with nobody you know, 1 with a name several people share"
        in summary_lines(run)
    )


def test_an_archive_without_the_optional_files_has_no_counts_for_them(user):
    run = import_file(make_zip(basic_2023()), "x.zip", user)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert "endorsements" not in run.counts and "recommendations" not in run.counts


def stored_scores(user):
    return dict(Contact.objects.filter(owner=user).values_list("pk", "score_log2"))


def test_the_summary_page_shows_what_the_optional_files_gave(client_logged_in, user):
    files = basic_2023(
        **endorsements_received(
            "2022/11/15 07:59:13 UTC,SQL,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
            "2022/11/16 07:59:13 UTC,SQL,Cy,Lee,www.linkedin.com/in/cy-lee,ACCEPTED",
        )
    )
    run = import_file(make_zip(files), "x.zip", user)

    content = client_logged_in.get(f"/import/{run.pk}/").content.decode()

    assert "Endorsements (one per person and day)</th><td>1</td><td>0</td><td>0</td>" in content
    assert "Endorsements read: 2 received, 0 given." in content
    assert "Not linked: 1 with nobody you know, 0 with a name several" in content
