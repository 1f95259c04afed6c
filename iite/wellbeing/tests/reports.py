"""Evaluation figures the tests collect; conftest prints them at the end of the run."""

REPORTS: list[str] = []
