"""The portal (`juesuan serve`): FastAPI app, Jinja2 templates, local static files."""
