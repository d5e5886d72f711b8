"""What the cogs import to talk to Discord: answering (respond), who is asking (members),
the film, person and character options (lookups), and the check every option value
passes (option_check). Nothing here imports the host that runs the bot."""
