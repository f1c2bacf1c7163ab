"""Partner initiatives and what happens to them over time: initiatives, members, the minerals and
themes they cover, events, and the state periods of trade measures."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from dashboard.models.fields import (
    Country,
    CountryList,
    Id,
    Mineral,
    MineralList,
    Precision,
    Row,
    ThemeId,
    ThemeList,
    desc,
)


class _Dated(Row):
    @staticmethod
    def _order(start: dt.date | None, end: dt.date | None, column: str) -> None:
        if start and end and end < start:
            raise ValueError(f"{column}: {end} is before the start date {start}")


class Initiative(_Dated):
    initiative_id: Id = desc("Initiative id")
    name: str = desc("Name")
    short_name: str | None = desc("Short name a user may type (e.g. 'Quad', 'MSP')")
    kind: Literal["ministerial", "plurilateral", "bilateral", "multilateral", "national_policy", "investment"] = desc(
        "Kind of initiative"
    )
    status: Literal["active", "ended", "proposed", "pending", "superseded"] = desc(
        "Status as of status_date (the status at another date is computed, see metrics.status)"
    )
    status_date: dt.date = desc("Date of the latest source read that states the status")
    start_date: dt.date = desc("Signing, launch or entry into force")
    start_precision: Precision = desc("day, month or year: how precise start_date is")
    end_date: dt.date | None = desc("End (or planned end); empty while running")
    end_precision: Precision | None = desc("How precise end_date is")
    end_kind: Literal["ended", "planned", "expires"] | None = desc(
        "ended: a source says it ended; planned: a target end; expires: a scheduled expiry"
    )
    superseded_by: Id | None = desc("Initiative that replaced it")
    convener_iso3: Country | None = desc("Convening country or EUU")
    roster: Literal["complete", "partial", "none"] = desc(
        "complete: a source publishes the whole member list and all are recorded; partial: some members "
        "recorded; none: no members recorded"
    )
    general_minerals: bool = desc(
        "The source speaks of critical minerals in general (it then applies to every mineral), not only of the "
        "minerals listed in initiative_minerals"
    )
    description: str = desc("What it is, as its sources describe it")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Initiative:
        self._order(self.start_date, self.end_date, "end_date")
        if (self.end_date is None) != (self.end_kind is None):
            raise ValueError("end_kind: give end_kind with end_date, and only then")
        return self


class InitiativeMember(_Dated):
    initiative_id: Id = desc("Initiative id")
    country_iso3: Country = desc("Member country or EUU")
    role: Literal["founder", "member", "signatory", "chair", "convener", "party", "observer", "supporter"] = desc(
        "Role; observers and supporters (stated support, no membership) are listed but not counted as members"
    )
    join_date: dt.date | None = desc("Date joined; empty = from the initiative's start")
    join_precision: Precision | None = desc("How precise join_date is")
    leave_date: dt.date | None = desc("Date left, if any")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> InitiativeMember:
        self._order(self.join_date, self.leave_date, "leave_date")
        return self


class InitiativeMineral(Row):
    initiative_id: Id = desc("Initiative id")
    mineral: Mineral = desc("Mineral covered")
    scope_note: str | None = desc("How the source words the coverage")
    source_id: Id = desc("Citation")


class InitiativeTheme(Row):
    initiative_id: Id = desc("Initiative id")
    theme_id: ThemeId = desc("Ministerial theme it serves")
    source_id: Id = desc("Citation")


class Event(_Dated):
    event_id: Id = desc("Event id")
    date: dt.date = desc("Date (start date for multi-day events)")
    date_precision: Precision = desc("How precise date is")
    end_date: dt.date | None = desc("Last day of a multi-day event")
    kind: Literal["diplomatic", "export_control", "initiative_launch", "policy"] = desc("Kind of event")
    title: str = desc("Title")
    countries: CountryList = desc("Countries involved, ';'-separated")
    minerals: MineralList | None = desc("Minerals the source names, ';'-separated")
    general: bool = desc("The source speaks of critical minerals in general (the event concerns every mineral)")
    themes: ThemeList | None = desc("Ministerial themes, ';'-separated")
    initiative_id: Id | None = desc("Initiative the event belongs to")
    measure_id: Id | None = desc("Trade measure (measures.csv) of which the event is a step")
    description: str = desc("What happened")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Event:
        self._order(self.date, self.end_date, "end_date")
        return self


class Measure(_Dated):
    """One state period of a trade measure (export control, ban, quota, licensing, suspension)."""

    measure_id: Id = desc("Measure id; the periods of one measure share it")
    state: Literal["announced", "in_force", "suspended", "quota", "lifted"] = desc("State during the period")
    start_date: dt.date = desc("First day of the state")
    start_precision: Precision = desc("How precise start_date is")
    end_date: dt.date | None = desc("Day the state stopped (the next state's start), or its scheduled end")
    end_precision: Precision | None = desc("How precise end_date is")
    end_kind: Literal["ended", "expires"] | None = desc(
        "ended: a later source confirms the state ended; expires: the end the source scheduled (a later source "
        "may extend it); empty: open"
    )
    country_iso3: Country = desc("Country imposing the measure")
    target_iso3: Country | None = desc("The one country the measure targets, if any")
    minerals: MineralList | None = desc("Minerals covered, ';'-separated")
    title: str = desc("What the measure is")
    usgs_control_type: str | None = desc("control_type of the matching row of export_controls (USGS MCS 2026 table 4)")
    source_id: Id = desc("Citation")
    note: str | None = desc("Caveats and the status at the date of the last source read")

    @model_validator(mode="after")
    def _dates(self) -> Measure:
        self._order(self.start_date, self.end_date, "end_date")
        if self.end_kind is not None and self.end_date is None:
            raise ValueError("end_kind: an end kind needs an end_date")
        return self
