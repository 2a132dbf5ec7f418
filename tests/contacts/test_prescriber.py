"""A person's page shows that they recommended the user on LinkedIn (a prescriber), with their
words escaped, and the endorsements and recommendations on the timeline."""

import pytest

from contacts.models import Contact
from netcoach.linkedin.apply import import_file
from tests.netcoach.linkedin.test_endorsements import (
    ENDORSED,
    RECOMMENDATIONS,
    basic_2023,
)
from tests.netcoach.linkedin.zips import csv_text, make_zip

pytestmark = pytest.mark.django_db

HOSTILE = '"Ana is <b>great</b>.<script>alert(1)</script>\nHire her."'


def import_recommendation(user, text=HOSTILE):
    files = basic_2023(
        **{
            "Recommendations_Received.csv": csv_text(
                RECOMMENDATIONS, f'Ana,Silva,Acme,CTO,{text},"7/1/23, 9:56 AM",VISIBLE'
            ),
            "Endorsement_Received_Info.csv": csv_text(
                ENDORSED, "2023/07/02 10:00:00 UTC,SQL,Ana,Silva,www.linkedin.com/in/ana-silva,"
            ),
        }
    )
    import_file(make_zip(files), "Complete_LinkedInDataExport_02-08-2026.zip", user)
    return Contact.objects.get(owner=user, first_name="Ana")


def test_the_page_of_a_prescriber_shows_their_recommendation_escaped(client_logged_in, user):
    ana = import_recommendation(user)

    content = client_logged_in.get(f"/people/{ana.pk}/").content.decode()

    assert '<span class="badge prescriber"' in content
    assert "Recommended you on LinkedIn, Jul 1, 2023" in content
    assert "Ana is &lt;b&gt;great&lt;/b&gt;.&lt;script&gt;alert(1)&lt;/script&gt;<br>Hire her." in (
        content
    )
    assert "<script>alert" not in content and "<b>great" not in content
    assert 'LinkedIn recommendation <span class="muted small">(to me)</span>' in content
    assert 'LinkedIn endorsement <span class="muted small">(to me)</span>' in content
    assert "Endorsed you for SQL" in content


def test_the_page_of_someone_else_has_no_prescriber_mark(client_logged_in, user):
    import_recommendation(user)
    ben = Contact.objects.get(owner=user, first_name="Ben")

    content = client_logged_in.get(f"/people/{ben.pk}/").content.decode()

    assert "badge prescriber" not in content
    assert "Recommended you" not in content


@pytest.mark.parametrize("count", [1, 5])
def test_the_prescriber_costs_the_page_no_query(
    client_logged_in, user, count, django_assert_num_queries
):
    ana = import_recommendation(user)
    for i in range(count - 1):
        ana.log_interaction("recommendation", direction="to_me", summary=f"Again {i}")
    ana.layer = 2
    ana.save()

    # The person page's own count (test_person.py), the meeting form's recent places and the
    # person's phone numbers, addresses and websites included.
    with django_assert_num_queries(16):
        client_logged_in.get(f"/people/{ana.pk}/")
