"""Benchmarks: `make bench` measures the desk against its own floor and prints the figures.

Nothing here is imported by the app; the bench-only settings and URLs live in this package so
that the raw values() view is never routed in production.
"""
