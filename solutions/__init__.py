"""Reference solutions, generated from the source notebooks."""
