"""Discord adapters: one extension per command group. Thin: options -> service -> renderer -> send."""
