"""Fixtures of the service tests: the case of tests/service/cases.py."""

import pytest

from tests.service.cases import opposing_counsel, served_case


@pytest.fixture
def opposing(court):
    return opposing_counsel()


@pytest.fixture
def case(court, attorney, opposing):
    return served_case(court, attorney, opposing)
