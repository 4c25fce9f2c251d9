"""Finding statements: direct quotes, indirect (reported) speech and mixed forms."""
