"""Checking a dated claim against the store: reading claims from text, matching them to events, judging."""
