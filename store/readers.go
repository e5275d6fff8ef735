package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"

	"github.com/mattn/go-sqlite3"
)

// readConnector opens the readers' connections. Their errors pass through mapErr, so that a
// read meeting a damaged page, an unreadable file or a lock says so in French and what to do,
// as a write does (writes are mapped by Store.tx). persistWAL sets SQLITE_FCNTL_PERSIST_WAL
// (see OpenReadOnly).
type readConnector struct {
	dsn, path  string
	persistWAL bool
}

var (
	plainDriver = &sqlite3.SQLiteDriver{}
	walDriver   = &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		return c.SetFileControlInt("main", sqlite3.SQLITE_FCNTL_PERSIST_WAL, 1)
	}}
)

func (c readConnector) driver() *sqlite3.SQLiteDriver {
	if c.persistWAL {
		return walDriver
	}
	return plainDriver
}

func (c readConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver().Open(c.dsn)
	if err != nil {
		return nil, mapErr(err, c.path)
	}
	sc, ok := conn.(*sqlite3.SQLiteConn)
	if !ok {
		return conn, nil
	}
	return &readConn{SQLiteConn: sc, path: c.path}, nil
}

func (c readConnector) Driver() driver.Driver { return c.driver() }

// readConn is a SQLite connection whose statements and rows map their errors.
type readConn struct {
	*sqlite3.SQLiteConn
	path string
}

func (c *readConn) mapped(err error) error {
	if err == nil || errors.Is(err, driver.ErrSkip) || errors.Is(err, driver.ErrBadConn) {
		return err
	}
	return mapErr(err, c.path)
}

func (c *readConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *readConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, c.mapped(err)
	}
	if ss, ok := st.(*sqlite3.SQLiteStmt); ok {
		return &readStmt{SQLiteStmt: ss, conn: c}, nil
	}
	return st, nil
}

func (c *readConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.SQLiteConn.QueryContext(ctx, query, args)
	return c.rows(rows, err)
}

func (c *readConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	res, err := c.SQLiteConn.ExecContext(ctx, query, args)
	return res, c.mapped(err)
}

func (c *readConn) rows(rows driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		return nil, c.mapped(err)
	}
	if sr, ok := rows.(*sqlite3.SQLiteRows); ok {
		return &readRows{SQLiteRows: sr, conn: c}, nil
	}
	return rows, nil
}

type readStmt struct {
	*sqlite3.SQLiteStmt
	conn *readConn
}

func (s *readStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.SQLiteStmt.QueryContext(ctx, args)
	return s.conn.rows(rows, err)
}

func (s *readStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	res, err := s.SQLiteStmt.ExecContext(ctx, args)
	return res, s.conn.mapped(err)
}

type readRows struct {
	*sqlite3.SQLiteRows
	conn *readConn
}

func (r *readRows) Next(dest []driver.Value) error {
	err := r.SQLiteRows.Next(dest)
	if err == io.EOF {
		return err
	}
	return r.conn.mapped(err)
}
