"""A workbook sheet as rows of cells with absolute positions, for the workbook readers."""

from __future__ import annotations


class Grid:
    """A sheet as a list of rows with absolute (0-based) positions from A1."""

    def __init__(self, rows: list[list]):
        self.rows = rows

    def get(self, row0: int, col0: int):
        if row0 < len(self.rows) and col0 < len(self.rows[row0]):
            v = self.rows[row0][col0]
            return None if v == "" else v
        return None

    @property
    def height(self) -> int:
        return len(self.rows)

    def width(self, row0: int) -> int:
        return len(self.rows[row0]) if row0 < len(self.rows) else 0
