"""Exports the database writes itself: the CSV cells and the JSON text of each stored event built in its own row
by SQL, in the bytes `tracker.formats` writes of the same values (tests hold the two to each other). The layer
between `formats`, which knows the bytes, and `store`, which knows the SQL."""
