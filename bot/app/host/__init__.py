"""What runs the bot: the client and its command tree (client, tree), `filmbot run` and
its shards (run, shards), and `filmbot console` / `filmbot ask` on a local stand-in for
Discord (console, local_discord, command_line). The cogs never import it at run time."""
