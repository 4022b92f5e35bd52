"""The synthetic words of the national dataset, and the text forms its values are loaded in.

Every value goes to the database as text, in PostgreSQL's COPY text format: `NULL` for none,
`t`/`f` for booleans, ISO dates and UTC timestamps. No generated text holds a tab, a newline or
a backslash, so nothing needs escaping. Names are invented from syllables or are common first
names paired with invented surnames: nobody in the dataset is a real person.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Sequence

NULL = "\\N"
TRUE = "t"
FALSE = "f"

MINUTES_PER_DAY = 1440
_CLOCK = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(MINUTES_PER_DAY)]
_DAYS: dict[int, str] = {}


def day(ordinal: int) -> str:
    """A date (as a proleptic Gregorian ordinal) in ISO form."""
    text = _DAYS.get(ordinal)
    if text is None:
        text = _DAYS[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
    return text


def moment(stamp: int) -> str:
    """A time, as whole minutes since the ordinal epoch (`ordinal * 1440 + minute`), in UTC."""
    return f"{day(stamp // MINUTES_PER_DAY)} {_CLOCK[stamp % MINUTES_PER_DAY]}+00"


def stamp_at(ordinal: int, hour: int, minute: int = 0) -> int:
    return ordinal * MINUTES_PER_DAY + hour * 60 + minute


def flag(value: bool) -> str:
    return TRUE if value else FALSE


def json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values))


PLACE_STARTS = [
    "Ash",
    "Brack",
    "Cal",
    "Dun",
    "Elm",
    "Fen",
    "Gras",
    "Hol",
    "Ivy",
    "Kel",
    "Lang",
    "Mar",
    "Nor",
    "Oak",
    "Pen",
    "Quar",
    "Rav",
    "Sel",
    "Thorn",
    "Up",
    "Ver",
    "Wes",
    "Yar",
    "Bram",
    "Cray",
    "Hart",
    "Lyn",
    "Stan",
]  # noqa: SIM905 - a line of words reads better than a column
PLACE_ENDS = [
    "ford",
    "ton",
    "bury",
    "ham",
    "field",
    "ley",
    "worth",
    "mouth",
    "chester",
    "wick",
    "dale",
    "moor",
    "bridge",
    "stead",
    "combe",
    "hurst",
]  # noqa: SIM905 - a line of words reads better than a column
SURNAME_STARTS = [
    "Alder",
    "Bark",
    "Cob",
    "Dal",
    "Ewer",
    "Farn",
    "Gil",
    "Hask",
    "Ing",
    "Jess",
    "Kirk",
    "Lum",
    "Mab",
    "Nett",
    "Orm",
    "Pell",
    "Rook",
    "Sand",
    "Tull",
    "Vick",
    "Wren",
    "Yeld",
]  # noqa: SIM905 - a line of words reads better than a column
SURNAME_ENDS = [
    "by",
    "croft",
    "den",
    "ell",
    "ett",
    "gate",
    "ham",
    "ington",
    "ley",
    "low",
    "more",
    "ridge",
    "shaw",
    "ster",
    "thorpe",
    "well",
    "wood",
    "wright",
]  # noqa: SIM905 - a line of words reads better than a column
# Common English first names, many with the short forms that referral matching knows.
FEMALE_NAMES = [
    "Abigail",
    "Amelia",
    "Amy",
    "Ava",
    "Bethany",
    "Chloe",
    "Courtney",
    "Daisy",
    "Ella",
    "Elizabeth",
    "Ellie",
    "Emily",
    "Emma",
    "Evie",
    "Freya",
    "Grace",
    "Hannah",
    "Holly",
    "Isabella",
    "Isla",
    "Jade",
    "Jasmine",
    "Jessica",
    "Katherine",
    "Kayleigh",
    "Lauren",
    "Leah",
    "Lily",
    "Lucy",
    "Megan",
    "Mia",
    "Millie",
    "Molly",
    "Olivia",
    "Paige",
    "Phoebe",
    "Poppy",
    "Rebecca",
    "Rosie",
    "Ruby",
    "Samantha",
    "Sophie",
    "Summer",
    "Tia",
    "Victoria",
    "Zara",
]  # noqa: SIM905 - a line of words reads better than a column
MALE_NAMES = [
    "Aaron",
    "Adam",
    "Alexander",
    "Alfie",
    "Benjamin",
    "Callum",
    "Charlie",
    "Connor",
    "Daniel",
    "Dylan",
    "Ethan",
    "Finley",
    "Harry",
    "Harvey",
    "Jack",
    "Jacob",
    "James",
    "Jayden",
    "Joshua",
    "Kai",
    "Kieran",
    "Leo",
    "Liam",
    "Lewis",
    "Mason",
    "Matthew",
    "Michael",
    "Nathan",
    "Oliver",
    "Owen",
    "Reece",
    "Riley",
    "Ryan",
    "Samuel",
    "Thomas",
    "Tyler",
    "William",
]  # noqa: SIM905 - a line of words reads better than a column
ETHNICITIES = (
    "White British",
    "White British",
    "White British",
    "White British",
    "White other",
    "Mixed White and Black Caribbean",
    "Mixed White and Asian",
    "Asian British Pakistani",
    "Asian British Indian",
    "Asian British Bangladeshi",
    "Black British Caribbean",
    "Black British African",
    "Gypsy, Roma or Traveller",
    "Other ethnic group",
    "",
)
SAFE_TIMES = (
    "",
    "",
    "After 4pm on weekdays",
    "Mornings before school",
    "Weekends only",
    "Not after 8pm",
    "Through the school day only",
)
SAFE_NOTES = (
    "",
    "",
    "",
    "Phone may be checked by others: keep messages neutral.",
    "Use the code word agreed with the worker.",
    "Contact through the foster carer first.",
)
ENTRY_SUMMARIES = {
    "one_to_one": (
        "Met in a cafe near school. Talked about friendships and who they spend time with.",
        "One-to-one session at the youth centre: worked through the healthy relationships tool.",
        "Session at home. Explored the missing episode last weekend and the safety plan.",
        "Met after school and talked about online contact and keeping accounts private.",
        "Session in the car park of the leisure centre; talked about consent and pressure.",
    ),
    "phone": (
        "Phone call to check in after the strategy meeting; agreed to meet next week.",
        "Short call to rearrange the session; young person sounded settled.",
        "Phone call about the safety plan and who to contact out of hours.",
    ),
    "text": (
        "Text reminder of Thursday's session sent to the agreed number.",
        "Texted to check in; young person replied and confirmed the next meeting.",
    ),
    "joint_visit": (
        "Joint visit with the social worker to discuss the child protection plan.",
        "Joint home visit with the allocated social worker and the parent.",
    ),
    "return_home_interview": (
        "Return-home interview after a missing episode; push and pull factors discussed.",
        "Return-home interview: young person would not say where they had been overnight.",
    ),
    "advocacy": (
        "Attended the multi-agency child exploitation meeting and spoke for the young person.",
        "Advocated at the strategy discussion for a continued focus on disruption.",
    ),
    "professional_consultation": (
        "Consultation with the school's safeguarding lead about attendance and concerns.",
        "Discussed the case with the police exploitation officer about known associates.",
    ),
    "attempted_contact": (
        "Attempted visit at home: no answer. Card left with the agreed wording.",
        "Tried to call twice; no answer and no voicemail left, as agreed.",
    ),
    "awareness": ("Took part in the awareness session at school with their class.",),
}
VOICES = (
    "I just want people to stop asking me about it.",
    "It helps to talk to someone who is not social services.",
    "I know they are not really my friends but I miss them.",
    "I feel safer since I changed my number.",
    "I want to go back to college in September.",
    "Nobody listened before.",
)
GOALS = (
    "Attend school or college at least four days a week.",
    "Know who to contact if they feel unsafe.",
    "Reduce missing episodes.",
    "Understand what a healthy relationship looks like.",
    "Stop contact with the adults named in the strategy meeting.",
    "Register with a GP and attend a sexual health appointment.",
)
GOAL_VIEWS = ("", "I want this too.", "Not sure this is needed.", "I will try.")


def first_name(pick: random.Random, gender: str) -> str:
    if gender == "male":
        return pick.choice(MALE_NAMES)
    if gender == "female":
        return pick.choice(FEMALE_NAMES)
    return pick.choice(FEMALE_NAMES + MALE_NAMES)


def surname(pick: random.Random) -> str:
    return pick.choice(SURNAME_STARTS) + pick.choice(SURNAME_ENDS)


def slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
