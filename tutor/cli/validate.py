"""`tutor validate` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'validate' is not built yet")
    return 2
