"""The counties a sheriff's office account serves process in (User.county), as a registry the
courts app fills when Django starts.

The counties are court data (efiling.courts.selectors.counties: the counties the circuit
courts name, the City of St. Louis included), and courts sit above accounts in the import
layers, so accounts never reads Court: `CourtsConfig.ready` registers the source here
(`county_source_register`) and the account's validation (`User.clean`, so the Django admin and
every ModelForm) and the admin's county choices read it. Before a source is registered (a
bare accounts import, as in a migration) no county is known and none is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable

_source: Callable[[], Iterable[str]] | None = None


def county_source_register(source: Callable[[], Iterable[str]]) -> None:
    """Set the function that lists the counties (called at each use: court data may change)."""
    global _source
    _source = source


def county_names() -> list[str]:
    """The counties a sheriff's office may serve in, by name; [] when none is registered."""
    return list(_source()) if _source is not None else []


def county_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for a select: the counties, after an empty "choose" choice."""
    return [("", "Choose the county"), *[(name, name) for name in county_names()]]


def county_problem(county: str, *, sheriff: bool) -> str | None:
    """What is wrong with an account's county, or None: a sheriff's office account (`sheriff`)
    needs one of the registered counties; another account has none; an unknown county is
    refused, naming it."""
    if not county:
        return "A sheriff's office account needs the county it serves in." if sheriff else None
    if _source is not None and county not in county_names():
        return (
            f"{county!r} is not a county of Missouri as the circuit courts name it "
            "(e.g. St. Louis County, City of St. Louis): choose one of the list."
        )
    return None if sheriff else "Only a sheriff's office account has a county: leave it empty."
