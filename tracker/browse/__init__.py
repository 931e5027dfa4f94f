"""`tracker browse`: the Textual application. Only this package (and the command that starts it) imports textual."""
