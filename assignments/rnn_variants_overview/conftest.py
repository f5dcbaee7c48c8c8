from _harness.pytest_plugin import student, pytest_runtest_makereport  # noqa: F401
