"""`tutor app` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'app' is not built yet")
    return 2
