"""Widgets of the tutor's screens: the chat (chat.py) and the side panels (panels.py)."""
