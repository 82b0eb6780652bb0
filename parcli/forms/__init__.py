"""The division form ("phiếu tự chấm"): one Excel workbook per division, written by
``parcli forms export`` and read back by ``parcli forms import`` (see ``docs/forms.md``).

* :mod:`parcli.forms.layout`: sheet names, columns and their header texts, the identification
  sheet, the evidence line syntax and the format version, shared by both directions;
* :mod:`parcli.forms.export`: writes a workbook;
* :mod:`parcli.forms.read`: reads a workbook into typed rows (values only, hostile files
  refused);
* :mod:`parcli.forms.apply`: compares the rows with the division's answers.
"""
