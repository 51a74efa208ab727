"""Authored content: YAML files read with line numbers and validated by pydantic models."""
