"""Checking machinery shared by the autograder and the students' self-check.

This package ships with every released assignment (as ``_harness``): it holds no
reference code and no hidden checks, only the way checks talk to student code.
"""
from .selfcheck import check  # noqa: F401
