// Package doc renders the documents the Pass numérique hands out (CSV exports, the courrier
// d'accompagnement as text and printable HTML) from domain values into an io.Writer.
//
// It reads no ledger and writes no file: the store returns the values, and the CLI, the TUI and
// the SSH server only choose where the bytes go (a file, standard output, a session). It imports
// domain, the standard library and the libraries of the formats it writes (excelize for XLSX,
// gonum/plot for the report's charts).
package doc
