"""The version of zh_facts: CHANGELOG.md has a section for each."""

__version__ = "0.3.0"
