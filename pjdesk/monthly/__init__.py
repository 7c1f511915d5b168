"""月报: the monthly county workbook (queries, export service). Imports nothing."""
