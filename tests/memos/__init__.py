"""A second kind of reviewed subject, for the tests only: a memo with topics.

It plugs into the editorial kernel (desk.publishing) the way claims and editions will, with no
workflow code of its own, so that the four-eyes matrix, the leak tests and the audit log can be
run for every kind of subject. Installed by tests/settings.py only.
"""
