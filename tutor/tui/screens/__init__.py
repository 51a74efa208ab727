"""The tutor's screens: picker.py (choose or resume), chat.py (the session), dialogs.py (help, confirm);
base.py gives them a typed `app`."""
