"""Widgets of the tutor's screens: the chat (chat.py), the side panels (panels.py) and the header (header.py)."""
