"""Benchmarks: `make bench` (or `python -m benchmarks [name ...]`) runs every bench_*.py module.

They run against a throwaway data directory, never against the user's own database.
"""
