"""Views: what each page and its JSON twin show, as plain typed objects built from the `Store`.

A view is a function of the store and its arguments that returns a Pydantic model; the web
renders it with a Jinja2 template or dumps it as JSON, the CLI prints it. No view runs a query of
its own: it asks the store, then arranges and labels what it got.
"""
