"""The ``kanoya-benefits`` command line: a thin layer over the library."""
