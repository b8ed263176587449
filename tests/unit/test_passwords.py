"""Password strength: easy passwords are refused with a reason the user can act on."""
from __future__ import annotations

import pytest

from services.accounts import password_problem


@pytest.mark.parametrize("password,code", [
    ("short", "password_short"),
    ("          ", "password_repeats"),  # ten spaces
    ("aaaaaaaaaa", "password_repeats"),
    ("1234567890", "password_common"),  # zxcvbn knows it as a top password, and it is a sequence
    ("abcdefghijk", "password_sequence"),
    ("qwertyuiop", "password_common"),
    ("password123", "password_common"),
    ("Sommar2024!", "password_common"),  # a Nordic season and a year: on every cracking list
    ("Sommer2024!", "password_common"),  # the same in Norwegian and Danish
    ("Vinteren2025", "password_common"),
    ("Julen2023!!", "password_common"),
    ("Lösenord123!", "password_common"),
    ("AnnaLind2026", "password_personal"),
    ("anna.lind@example.se", "password_personal"),
    ("19850412", "password_short"),
    ("12.04.1985!", "password_date"),
    ("2024-01-01", "password_date"),
])
def test_easy_passwords_are_refused_with_the_reason(password, code):
    problem = password_problem(password, "Anna Lind", "anna.lind@example.se")
    assert problem is not None and problem[0] == code


@pytest.mark.parametrize("password", [
    "blue ferry lantern moss", "kanelbulle-fika-tåg-7", "Trondheim har bra regn om høsten", "x7#Lq9!vR2pZ",
])
def test_hard_passwords_are_accepted(password):
    assert password_problem(password, "Anna Lind", "anna.lind@example.se") is None


def test_the_short_message_says_how_long():
    assert password_problem("abc") == ("password_short", {"min": 10})
