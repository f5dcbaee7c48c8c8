"""Authoring support: the submissions an assignment is proven with.

Both ``tools/`` (release, main job, benchmarks) and ``tests/`` build on it:

* :mod:`submissions` - notebooks from the source notebook: the reference, the
  untouched release, answers swapped or mutated;
* :mod:`mutants` - realistic wrong answers, one module per assignment, and the packing
  of mutants into as few notebooks as do not interfere;
* :mod:`styles` - correct answers in the styles different students write.
"""
