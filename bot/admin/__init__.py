"""Moderation: data reload with a diff report, status, settings, packs, permissions, audit."""
