"""The discord.py application: the cogs' toolkit (toolkit/), what runs the bot (host/), and the click hot path."""

from discord.voice_client import VoiceClient

# filmbot never joins voice: skip discord.py's start-up warnings about voice libraries.
VoiceClient.warn_nacl = False
VoiceClient.warn_dave = False
