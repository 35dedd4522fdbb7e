"""The editorial kernel: what every reviewable, publishable thing on the desk shares.

Its modules are named by concept; this package imports nothing at load, so that models, the
wings and the workflow can each take the one piece they need without importing the rest.
"""
