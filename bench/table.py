"""Print benchmark rows as a fixed-width table."""


def print_table(title: str, rows: list[dict]) -> None:
    """Print a title, a header of the rows' keys and one line per row."""
    print(title)
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
    print("  ".join(column.ljust(widths[column]) for column in columns))
    for row in rows:
        print("  ".join(str(row[column]).ljust(widths[column]) for column in columns))
    print()
