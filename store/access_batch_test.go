package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"passnum/domain"
)

// dbPath is the file of a store's database.
func dbPath(t *testing.T, s *Store) string {
	t.Helper()
	var seq int
	var name, file string
	if err := s.read.QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestRecordAccessesInOneTransaction(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	var events []domain.AccessEvent
	for i := 0; i < 500; i++ {
		events = append(events, domain.AccessEvent{Kind: domain.AccessRefused, RemoteAddr: fmt.Sprintf("192.0.2.%d", i%250),
			Detail: fmt.Sprintf("%d tentatives", i+1)})
	}
	if err := s.RecordAccesses(ctx, nil); err != nil {
		t.Fatal(err)
	}
	before, err := s.AccessEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.RecordAccesses(ctx, events); err != nil {
		t.Fatal(err)
	}
	t.Logf("500 lignes d'audit en une transaction : %s", time.Since(start).Round(time.Microsecond))
	got, err := s.AccessEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got)-len(before) != len(events) {
		t.Fatalf("%d events written, want %d", len(got)-len(before), len(events))
	}
	last := got[len(got)-1]
	if want := (domain.AccessEvent{Kind: domain.AccessRefused, At: c.now().UTC(), RemoteAddr: "192.0.2.249", Detail: "500 tentatives"}); last != want {
		t.Errorf("last event = %+v, want %+v", last, want)
	}
}

// TestRecordAccessWithinGivesUpQuickly: while another process holds the write lock, an access
// event written with RecordAccessWithin fails after its own wait (not the 10 s busy timeout),
// with the conflict every busy write gets, and the writer keeps its busy timeout afterwards.
func TestRecordAccessWithinGivesUpQuickly(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	other, err := sql.Open("sqlite3", "file:"+dbPath(t, s)+"?_busy_timeout=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	e := domain.AccessEvent{Kind: domain.AccessStart, User: "coord", RemoteAddr: "127.0.0.1:5000", Detail: "lookup 600001-03"}
	start := time.Now()
	err = s.RecordAccessWithin(ctx, e, 300*time.Millisecond)
	d := time.Since(start)
	if domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("write under another process's lock: %v (%s), want a conflict", err, d)
	}
	if d < 250*time.Millisecond || d > 3*time.Second {
		t.Errorf("gave up after %s, want about 300 ms", d)
	}
	var busy int
	if err := s.write.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 10000 {
		t.Errorf("writer's busy_timeout after RecordAccessWithin = %d (%v), want 10000", busy, err)
	}
	if _, err := hold.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	hold.Close()
	if err := s.RecordAccessWithin(ctx, e, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AccessEvents(ctx); err != nil || len(got) != 1 || got[0].User != "coord" {
		t.Fatalf("events = %+v, %v", got, err)
	}
}
