"""The check on a question about a young person who is not named: a full name AND a date of
birth together are flagged; either alone, or ordinary capitalised words and dates, are not."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from consultancy.services.requests import identifying_details_check, identifying_details_find

TODAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Jane Smith, born 03/04/2011, has been missing twice.", id="name and born"),
        pytest.param("Worried about Robin Example DOB 14.2.2012 at the park.", id="DOB dotted"),
        pytest.param("Morgan Fictional (d.o.b. 3 May) goes missing at weekends.", id="dob no year"),
        pytest.param("Alex Jones, 12 March 2013, seen with older males.", id="date of right age"),
        pytest.param("Casey O'Brien was born in 2010 and is now in care.", id="born in a year"),
        pytest.param("Sam Taylor-Reid 2011-06-30 missing overnight.", id="iso date"),
    ],
)
def test_a_name_with_a_date_of_birth_is_flagged(text):
    """Given a name and a date of birth together, then the text is flagged."""
    assert identifying_details_find(text=text, today=TODAY).found


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("We met at Ashdown Academy on 3 May about her attendance.", id="school"),
        pytest.param(
            "I spoke to the DSL, Mr Patel, who is worried about her.", id="title, no date"
        ),
        pytest.param("Jane Smith has been missing twice this month.", id="a name, no date"),
        pytest.param("She was born 03/04/2011 and goes missing at weekends.", id="a date, no name"),
        pytest.param(
            "Ashdown Children's Services closed the case on 12/10/2026 after one visit.",
            id="agency and a recent date",
        ),
        pytest.param("Last Monday In October the Police Officer saw her.", id="days and roles"),
        pytest.param(
            "The Strategy Meeting on 1 June 2012 guidance says to refer.", id="old guidance"
        ),
    ],
)
def test_ordinary_text_is_not_flagged(text):
    """Given text without both a name and a date of birth, then nothing is flagged."""
    assert not identifying_details_find(text=text, today=TODAY).found


def test_the_refusal_names_what_looks_identifying_with_its_code():
    """Given a flagged question, then the refusal is on `question`, coded 'identifying', and says
    which words look like a name and a date of birth."""
    with pytest.raises(ValidationError) as caught:
        identifying_details_check(text="Jane Smith, born 03/04/2011, is missing.", today=TODAY)

    (error,) = caught.value.error_dict["question"]
    assert error.code == "identifying"
    assert "Jane Smith" in error.message
    assert "03/04/2011" in error.message
