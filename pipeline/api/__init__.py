"""Ways in: the command line, the Python functions, the spaCy component and the rule examples runner."""
