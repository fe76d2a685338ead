"""Small cells: 1 to 9 hidden, and enough others hidden that no total gives one away."""

from transparency.cells import PRIMARY, SECONDARY, SHOWN, suppress


def test_counts_of_one_to_nine_are_hidden_and_zero_and_ten_are_shown():
    assert suppress([[0, 1, 9, 10, 10, 10]]) == [[SHOWN, PRIMARY, PRIMARY, SHOWN, SHOWN, SHOWN]]


def test_a_lone_small_cell_in_a_row_takes_the_smallest_other_with_it():
    # With the row's total published, 5 = 95 - 40 - 50 if it were the only one hidden.
    assert suppress([[5, 40, 50]])[0] == [PRIMARY, SECONDARY, SHOWN]


def test_a_lone_small_cell_in_a_column_takes_the_smallest_other_with_it():
    marks = suppress([[5, 0, 0], [30, 0, 0], [20, 0, 0]])
    assert [row[0] for row in marks] == [PRIMARY, SHOWN, SECONDARY]


def test_hiding_goes_on_until_every_row_and_column_with_a_hidden_cell_has_two():
    matrix = [[3, 20, 30], [40, 50, 60], [70, 80, 90]]
    marks = suppress(matrix)
    for line in [*marks, *zip(*marks, strict=True)]:
        assert sum(1 for mark in line if mark) != 1
    assert marks[0][0] == PRIMARY
    assert marks[0][1] == SECONDARY and marks[1][0] == SECONDARY  # the smallest beside it, across and down


def test_zeros_are_never_hidden_and_do_not_count_as_a_second_hidden_cell():
    marks = suppress([[4, 0, 25]])
    assert marks == [[PRIMARY, SHOWN, SECONDARY]]


def test_two_small_cells_in_a_row_hide_nothing_else_there():
    assert suppress([[4, 6, 100]]) == [[PRIMARY, PRIMARY, SHOWN]]


def test_an_empty_table_is_fine():
    assert suppress([]) == []
