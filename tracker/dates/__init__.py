"""Dates as they are known: instants and intervals at a precision, the words for them, ranges read from text."""
