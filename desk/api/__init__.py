"""The desk's REST API: the same rules as its pages, from the same code (see desk/api/urls.py)."""
