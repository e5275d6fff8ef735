package store

import (
	"context"
	"testing"

	"passnum/domain"
)

func TestRecordAccessRoundTrip(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	events := []domain.AccessEvent{
		{Kind: domain.AccessRefused, Fingerprint: "SHA256:abc", RemoteAddr: "127.0.0.1:5000", Detail: "clé inconnue"},
		{Kind: domain.AccessStart, User: "coord", Fingerprint: "SHA256:def", RemoteAddr: "127.0.0.1:5001", Detail: "lookup 600001-03"},
		{Kind: domain.AccessEnd, User: "coord", Fingerprint: "SHA256:def", RemoteAddr: "127.0.0.1:5001"},
	}
	for _, e := range events {
		if err := s.RecordAccess(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.AccessEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(events) {
		t.Fatalf("%d events read back, want %d: %+v", len(got), len(events), got)
	}
	for i, e := range events {
		e.At = c.now().UTC()
		if got[i] != e {
			t.Errorf("event %d = %+v, want %+v", i, got[i], e)
		}
	}
}
