"""The discord.py application: the bot client, its command tree, and the local stand-in for Discord."""

from discord.voice_client import VoiceClient

# filmbot never joins voice: skip discord.py's start-up warnings about voice libraries.
VoiceClient.warn_nacl = False
VoiceClient.warn_dave = False
