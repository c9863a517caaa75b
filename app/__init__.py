"""Temu Dagang: buyer–UMKM export-readiness matchmaking service."""
