"""A member's own data: what the bot keeps about them, and deleting it on their request."""
