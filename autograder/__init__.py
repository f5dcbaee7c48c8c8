"""The course's grading side: hidden suites, the judge and the nbgrader plugin."""
