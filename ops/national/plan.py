"""How many of each thing the national dataset holds at a scale (1.0 is England for a decade)."""

from __future__ import annotations

from dataclasses import dataclass

# England: 153 local authorities in nine regions (counts as in ONS's list of upper tiers).
REGION_SIZES = (
    ("north_east", 12),
    ("north_west", 24),
    ("yorkshire", 15),
    ("east_midlands", 10),
    ("west_midlands", 14),
    ("east", 11),
    ("london", 33),
    ("south_east", 19),
    ("south_west", 15),
)
HISTORY_DAYS = 3652  # ten years


@dataclass(frozen=True)
class Plan:
    scale: float
    local_authorities: int
    hubs: int
    spoke_workers: int
    users: int
    young_people: int
    cases: int
    open_fraction: float
    entries: int
    referrals: int
    consultancy_requests: int
    training_sessions: int
    awareness_sessions: int
    practice_challenges: int
    commissioners: int
    administrators: int

    @classmethod
    def at(cls, scale: float) -> Plan:
        """The counts at `scale`, with the structure kept whole at the smallest scales."""
        if scale <= 0:
            raise ValueError("The scale must be more than 0.")

        def n(full: int, least: int = 1) -> int:
            return max(least, round(full * scale))

        las = n(153, 2)
        hubs = min(las, n(40, 2))
        cases = n(300_000, 20)
        return cls(
            scale=scale,
            local_authorities=las,
            hubs=hubs,
            spoke_workers=max(las, n(400, 2)),
            users=n(10_000, 20),
            young_people=min(cases, n(250_000, 15)),
            cases=cases,
            open_fraction=0.2,
            entries=n(10_000_000, 200),
            referrals=max(cases + 10, n(400_000)),
            consultancy_requests=n(50_000, 10),
            training_sessions=n(20_000, 5),
            awareness_sessions=n(8_000, 5),
            practice_challenges=n(3_000, 5),
            commissioners=n(10),
            administrators=n(5),
        )
