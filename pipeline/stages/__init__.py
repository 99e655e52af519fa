"""The stages one article goes through: read, region, extract, propagate names, link records."""
