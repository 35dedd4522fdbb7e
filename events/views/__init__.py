"""Desk pages for events, actors, date suggestions and the timeline."""
