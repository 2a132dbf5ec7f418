"""Applying the optional files: endorsements and recommendations, given and received.

They are gestures, not exchanges (docs/relationship-model.md): each becomes an interaction that
counts in the person's score at its weight and never resets the clock.

- An `EndorsementDay`: kind `endorsement`, `to_me` when received, `from_me` when given, at the
  day's last endorsement, summary "Endorsed you for Python, Django" or "You endorsed them for
  Python"; key `endorsement:<received|given>:<profile key or name:folded name>:<UTC day>`.
- A `RecommendationRow`: kind `recommendation`, the same directions, at its creation date, its
  text as the summary; key `recommendation:<received|given>:<folded name>:<Creation Date as
  written>`. A recommendation received marks a prescriber, the P of PIPU (docs/methods.md).

People are found as every row is (`Applier.matches`): by profile key when the row has one, else
by folded name. A name that several contacts share links nobody: the row is counted as
`ambiguous` and a warning names it. A person
who is not a contact is counted as `without_contact` and creates nobody: an endorsement or a
recommendation is no reason to add someone. Only what the import wrote is ever updated; a
re-import of the same files changes nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contacts.models import Contact, Interaction, Preferences
from netcoach.linkedin.applier import Applier
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import Export, RowWarning
from netcoach.linkedin.sql_internals import insert_rows, update_rows

FIELDS = ("contact", "direction", "summary", "occurred_at")
DIRECTION = {"received": Interaction.Direction.TO_ME, "given": Interaction.Direction.FROM_ME}


def apply_signals(applier: Applier, export: Export) -> dict[str, dict]:
    """The endorsements and recommendations of the export, as interactions; the counts of each
    kind whose file the export has."""
    endorsed = {"endorsements_received", "endorsements_given"} & export.files.keys()
    recommended = {"recommendations_received", "recommendations_given"} & export.files.keys()
    if not endorsed and not recommended:
        return {}
    kinds = Interaction.Kind
    existing = {
        key: values
        for key, *values in Interaction.objects.filter(
            owner=applier.owner,
            source=Interaction.Source.IMPORTED,
            kind__in=[kinds.ENDORSEMENT, kinds.RECOMMENDATION],
        ).values_list("import_key", "pk", *FIELDS)
    }
    stage = _Stage(applier, export, existing)
    counts = {}
    if endorsed:
        counts["endorsements"] = {
            **stage.apply(
                "endorsements",
                kinds.ENDORSEMENT,
                [(day, day.endorsed_at, _endorsement_summary(day)) for day in export.endorsements],
            ),
            **export.endorsement_counts,
        }
    if recommended:
        counts["recommendations"] = {
            **stage.apply(
                "recommendations",
                kinds.RECOMMENDATION,
                [(row, row.created_at, row.text) for row in export.recommendations],
            ),
            **export.recommendation_counts,
        }
    stage.write()
    return counts


class _Stage:
    """The interactions of both kinds, gathered to be written at once."""

    def __init__(self, applier, export, existing):
        self.applier, self.export, self.existing = applier, export, existing
        self.new, self.changed, self.touched = [], [], set()

    def apply(self, files: str, kind: str, rows: list[tuple]) -> dict:
        """`rows` hold (row, moment, summary); `files` is the kinds' prefix ("endorsements")."""
        counts = dict.fromkeys(
            ("created", "updated", "unchanged", "without_contact", "ambiguous"), 0
        )
        owner, now = self.applier.owner.pk, self.applier.now
        for row, at, summary in rows:
            matches = self.applier.matches(getattr(row, "profile_key", ""), row.name_key)
            if len(matches) != 1:
                counts["ambiguous" if matches else "without_contact"] += 1
                if matches:
                    self._warn(f"{files}_{row.direction}", row, len(matches))
                continue
            (person,) = matches
            after = (person.pk, DIRECTION[row.direction], summary, at)
            known = self.existing.get(row.import_key)
            if known is None:
                self.new.append((owner, kind, Interaction.Source.IMPORTED, "", row.import_key,
                                 *after, now, now))  # fmt: skip
                counts["created"] += 1
                self.touched.add(person.pk)
            elif tuple(known[1:]) == after:
                counts["unchanged"] += 1
            else:
                self.changed.append((*after, now, known[0]))
                counts["updated"] += 1
                self.touched.update((person.pk, known[1]))
        return counts

    def _warn(self, file_kind, row, matches: int):
        name = f"{row.first_name} {row.last_name}".strip()
        self.export.warnings.append(
            RowWarning(
                self.export.files[file_kind],
                row.line,
                "",
                Notice(
                    gettext_noop("%(name)s matches %(n)s contacts: not linked"),
                    name=name,
                    n=matches,
                ),
            )
        )

    def write(self):
        insert_rows(
            Interaction,
            ("owner", "kind", "source", "place", "import_key", *FIELDS, "created_at",
             "updated_at"),
            self.new,
        )  # fmt: skip
        update_rows(Interaction, (*FIELDS, "updated_at"), self.changed)
        if self.touched:
            Contact.objects.filter(owner=self.applier.owner, pk__in=self.touched).refresh_scores(
                Preferences.half_life_of(self.applier.owner.pk)
            )


def _endorsement_summary(day) -> str:
    """The interaction's summary, in the language of the import (the owner's, on the page)."""
    skills = ", ".join(day.skills)
    if day.direction == "received":
        return (
            _("Endorsed you for %(skills)s") % {"skills": skills} if skills else _("Endorsed you")
        )
    if skills:
        return _("You endorsed them for %(skills)s") % {"skills": skills}
    return _("You endorsed them")
