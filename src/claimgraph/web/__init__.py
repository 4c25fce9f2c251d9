"""Server-rendered pages (Jinja2) and their static CSS/JS, served from the package."""
