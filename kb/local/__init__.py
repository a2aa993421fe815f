"""Servers of our own on this machine, for development, tests and
benchmarks (``scripts/cluster``, the test suite): never used by a
production node."""
