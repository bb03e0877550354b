"""CSV files in and out: streamed row by row, UTF-8, RFC 4180 quoting."""
