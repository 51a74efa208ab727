"""`tutor schema` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'schema' is not built yet")
    return 2
