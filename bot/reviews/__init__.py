"""Community reviews: members' ratings and words, per server, next to the critics'."""
