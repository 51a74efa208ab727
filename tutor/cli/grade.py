"""`tutor grade` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'grade' is not built yet")
    return 2
