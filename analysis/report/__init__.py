"""The report: figures and house style, evidence pages, the report index and runner."""
