"""The line at the bottom where the browser asks for something: the filter (with completion of known names), a
date to go to, or a file to export to."""

from __future__ import annotations

from textual.suggester import Suggester

from tracker.browse.filters import completion


class NameSuggester(Suggester):
    """Completes the filter term being typed (`agency:nas` -> `agency:NASA`) from the names the store knows, once
    they are loaded; accent- and case-insensitive."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: dict[str, list[str]] = {}

    async def get_suggestion(self, value: str) -> str | None:
        """The line with its last term completed, or None."""
        return completion(value, self.names)
