"""Server-rendered web UI (Jinja2): works without JavaScript, English and Simplified Chinese."""
