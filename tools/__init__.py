"""Course maintenance commands (release, sample grading, benchmarks)."""
