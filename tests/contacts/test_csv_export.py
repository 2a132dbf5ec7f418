import io

import pytest

from contacts.csv_export import neutralise, write_rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ada", "Ada"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_it_neutralises_cells_a_spreadsheet_would_run(value, expected):
    assert neutralise(value) == expected


def test_it_writes_every_cell_neutralised():
    out = io.StringIO()

    write_rows(out, ["=h"], [["=x", "ok"]])

    assert out.getvalue() == "'=h\r\n'=x,ok\r\n"
