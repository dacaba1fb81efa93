"""Landing reads values as the warehouse casts will: what a cast would reject is refused at landing, by name.

Python's float() and date.fromisoformat() accept forms DuckDB and PostgreSQL reject (Arabic-Indic digits,
digit separators, compact dates): each case below passed landing before and failed the build later, or was
silently read as another number.
"""

from __future__ import annotations

import pytest

from aihw.landing import check_value

ACCEPTED = [
    ("number", "250"), ("number", " 250 "), ("number", "-350"), ("number", "+1.5"), ("number", ".5"),
    ("number", "5."), ("number", "1.9e14"), ("number", "1E-3"), ("number", "1e308"),
    ("integer", "2023"), ("integer", "8.0"), ("integer", "-4"),
    ("date", "2025-04-09"),
    ("timestamp", "2025-05-27 19:05:39+00:00"), ("timestamp", "2025-05-27T19:05:39Z"),
    ("timestamp", "2025-05-27 19:05"),
    ("text", "٢٥٠"), ("number", ""), ("date", "  "),
]

REJECTED = [
    ("number", "٢٥٠", "ASCII digits"),          # Arabic-Indic digits: float() reads 250
    ("number", "2_50", "ASCII digits"),         # digit separator: float() reads 250
    ("number", "about 250", "is not a number"),
    ("number", "inf", "is not a number"),
    ("number", "nan", "is not a number"),
    ("number", "0x10", "is not a number"),
    ("number", "1e309", "not a finite number"),
    ("integer", "8.5", "whole number"),
    ("integer", "٣", "whole number"),
    ("date", "20250409", "ISO date"),           # compact date: fromisoformat() reads it on Python 3.11
    ("date", "2025-02-30", "no such calendar date"),
    ("date", "09/04/2025", "ISO date"),
    ("timestamp", "20250527T190539", "ISO timestamp"),
    ("timestamp", "2025-05-27 25:05:39", "no such calendar date or time"),
    ("decimal", "1", "unknown contract type"),
]


@pytest.mark.parametrize(("raw_type", "value"), ACCEPTED)
def test_forms_the_warehouse_casts_accept_pass(raw_type, value):
    assert check_value(raw_type, value) is None


@pytest.mark.parametrize(("raw_type", "value", "reason"), REJECTED)
def test_forms_a_cast_would_reject_are_refused_with_a_reason(raw_type, value, reason):
    message = check_value(raw_type, value)
    assert message is not None and reason in message
