"""Entries of appearance: the parties of an existing case an attorney appears for.

An entry of appearance (filing code EOA) into a case the filer may see (envelope.case is set)
names the parties it is made for (Filing.appearing_for); when the clerk accepts it, each of
them is represented by the signer (efiling.docket.services.filing_accept), so the docket text
names them and they leave the "serve conventionally" list. A draft into a case the filer may
not see (named by number only, envelope.case is None) shows nothing of the case and so offers
no choice: the clerk's acceptance makes the signer of record and the docket text says "a
party", as before.

At the first submission such a number is looked up again (`named_case_link`): a case the
signer may now see (made public since the draft began, or one they have joined) is linked then,
as a new draft would link it, and the filing serves its counsel of record at submission like
any filing into it; the filer still sees none of its docket entries but the public petition's,
which an answer filed with the appearance responds to (filings.services.respondable_entries).
A confidential or sealed case, or a number that names no case, stays named by number only:
nobody is served until the clerk accepts the entry of appearance (filings.service_list;
decision 0016).

Substitution of counsel is legitimate, so an entry of appearance may name a party another
attorney already represents: nothing refuses it, but the filer's party choices say
"(represented by <attorney>)" (`appearable_label`) and the clerk's review page warns, party by
party, before accepting (`appearance_facts`).

The receipt and the certificate of service say "Entry of appearance for: <names>" of each
entry of appearance (`appearances_named`): parties the filer chose from a case they could see
(one named by number only offers none to choose, so none are shown)."""

from dataclasses import dataclass

from efiling.accounts.models import User
from efiling.cases.access import case_for_filing
from efiling.cases.models import Party
from efiling.core.errors import ValidationFailed
from efiling.courts.models import FilingCode
from efiling.filings.models import Envelope, Filing

# The filing code by which an attorney not yet of record enters a case (domain.md, Filing).
ENTRY_OF_APPEARANCE = "EOA"
APPEARING_FOR_MAX = 50  # parties named by one entry of appearance (the API's maxItems)
CHOOSE_PARTIES = "Choose the party or parties you appear for."
NOT_LISTED = "Choose the parties from the case's list."


def appearable_parties(envelope: Envelope) -> list[Party]:
    """The parties an entry of appearance in `envelope` may name, in the case's order (their
    represented_by prefetched): those of its case when the filer may see it; none for a new
    case or a case named by number only."""
    if envelope.case is None:
        return []
    return list(envelope.case.parties.prefetch_related("represented_by").order_by("pk"))


def other_counsel(party: Party, signer: User | None) -> list[User]:
    """The attorneys who represent `party` (Party.represented_by; prefetch it), other than
    `signer`, in account order."""
    signer_id = signer.pk if signer is not None else None
    return sorted((u for u in party.represented_by.all() if u.pk != signer_id), key=lambda u: u.pk)


def _names(users: list[User]) -> str:
    return " and ".join(u.get_full_name() for u in users)


def appearable_label(party: Party, signer: User | None) -> str:
    """How the filer's party choice reads: "Pat Lawson (Plaintiff)", and after it
    " (represented by Olive Opposing)" when counsel other than `signer` represents the party."""
    label = f"{party.display_name} ({party.get_role_display()})"
    others = other_counsel(party, signer)
    return f"{label} (represented by {_names(others)})" if others else label


@dataclass(frozen=True)
class AppearingParty:
    """A party an entry of appearance names, with the attorneys of record who already
    represent it other than the signer (empty when none) and, then, the clerk's warning."""

    party: Party
    already_represented_by: tuple[User, ...]
    warning: str


def appearance_facts(filing: Filing) -> list[AppearingParty]:
    """For an entry of appearance, each party it names (the case's order) and who already
    represents it; [] for another filing, or one naming nobody. The warning reads "Pat Lawson
    is already represented by Olive Opposing: accepting makes Avery Lawson their attorney too
    (substitution of counsel needs the other attorney's withdrawal)"."""
    if filing.filing_code.code != ENTRY_OF_APPEARANCE:
        return []
    signer = filing.envelope.signer
    facts = []
    for party in filing.appearing_for.prefetch_related("represented_by").order_by("pk"):
        others = other_counsel(party, signer)
        warning = (
            f"{party.display_name} is already represented by {_names(others)}: accepting makes "
            f"{signer.get_full_name()} their attorney too (substitution of counsel needs the "
            "other attorney's withdrawal)"
            if others
            else ""
        )
        facts.append(AppearingParty(party, tuple(others), warning))
    return facts


def appearing_parties(
    envelope: Envelope, filing_code: FilingCode, party_ids: list[int] | None
) -> list[Party]:
    """The Parties (in the case's order, duplicates once) that `party_ids` name for a filing
    of `filing_code` in `envelope`; [] when none are given. Raises ValidationFailed on the
    field appearing_for when ids are given for another filing code than an entry of
    appearance, or when an id is not a party of the envelope's case (a case the filer may not
    see has none to choose; a hidden party answers like a missing one)."""
    wanted = set(party_ids or ())
    if not wanted:
        return []
    if filing_code.code != ENTRY_OF_APPEARANCE:
        raise ValidationFailed(
            "Only an entry of appearance names the parties you appear for.",
            field="appearing_for",
        )
    if len(wanted) > APPEARING_FOR_MAX:
        raise ValidationFailed(f"Name at most {APPEARING_FOR_MAX} parties.", field="appearing_for")
    chosen = [party for party in appearable_parties(envelope) if party.pk in wanted]
    if len(chosen) != len(wanted):
        raise ValidationFailed(NOT_LISTED, field="appearing_for")
    return chosen


def appearance_problems(envelope: Envelope, filings: list[Filing]) -> list[str]:
    """What stops submission about entries of appearance (`filings` with appearing_for
    prefetched): one that names no party, in a case the filer may see that has parties."""
    if envelope.case is None:
        return []
    missing = any(
        f.filing_code.code == ENTRY_OF_APPEARANCE and not f.appearing_for.all() for f in filings
    )
    return [CHOOSE_PARTIES] if missing and envelope.case.parties.exists() else []


def named_case_link(envelope: Envelope) -> None:
    """At an envelope's first submission (inside its transaction, the envelope locked): link a
    case it names by number only if the signer may now see it (cases.access.case_for_filing),
    so that it is served like any filing into that case. Nothing for any other envelope: a
    confidential or sealed case stays unseen, a number that names no case stays a number."""
    if not envelope.names_unseen_case or envelope.service_at_submission is not None:
        return
    case = case_for_filing(
        signer=envelope.signer, court=envelope.court, number=envelope.case_number
    )
    if case is None:
        return
    Envelope.objects.filter(pk=envelope.pk).update(case=case, case_type=None)
    envelope.case, envelope.case_type = case, None


def appearances_named(envelope: Envelope) -> list[str]:
    """For each entry of appearance in `envelope` that names parties, in filing order, their
    names in the case's order, joined: "Acme Roofing, LLC, Pat Lawson" (what the receipt and
    the certificate show after "Entry of appearance for:"). None for an envelope without one,
    or one into a case named by number only (its entry of appearance names nobody)."""
    filings = (
        envelope.filings.filter(filing_code__code=ENTRY_OF_APPEARANCE)
        .prefetch_related("appearing_for")
        .order_by("position")
    )
    named = []
    for filing in filings:
        names = [p.display_name for p in sorted(filing.appearing_for.all(), key=lambda p: p.pk)]
        if names:
            named.append(", ".join(names))
    return named
