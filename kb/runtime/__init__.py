"""The serving process's lifecycle: database preparation at start-up and
the background workers."""
