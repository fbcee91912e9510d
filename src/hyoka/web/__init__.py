"""The web application: the JSON API under /api/v1 and the pages, one app built by `create_app`."""
