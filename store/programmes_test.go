package store

import (
	"context"
	"testing"

	"passnum/domain"
)

func TestExtendProgramme(t *testing.T) {
	s, c := testStore(t)
	ctx := context.Background()
	stock(t, s, 2)
	young := addYoung(t, s, "Martin")
	c.t = day("2027-06-20") // J-10: distribution stopped
	wantKind(t, s.IssueCarnet(ctx, desk, "600001", young), domain.KindConflict, "distribution arrêtée depuis le 15/06/2027")

	// Only coordination extends, with a reason, to a later day.
	_, err := s.ExtendProgramme(ctx, desk, "creil", day("2027-12-31"), "avenant")
	wantKind(t, err, domain.KindForbidden, "ne peut pas prolonger un programme")
	_, err = s.ExtendProgramme(ctx, coord, "creil", day("2027-12-31"), " ")
	wantKind(t, err, domain.KindInvalid, "motif manquant")
	_, err = s.ExtendProgramme(ctx, coord, "creil", day("2027-06-30"), "avenant")
	wantKind(t, err, domain.KindConflict, "prolongation refusée : le 30/06/2027 n'est pas après la fin actuelle")
	_, err = s.ExtendProgramme(ctx, coord, "creil", day("2027-05-01"), "avenant")
	wantKind(t, err, domain.KindConflict, "prolongation refusée")
	_, err = s.ExtendProgramme(ctx, coord, "nope", day("2027-12-31"), "avenant")
	wantKind(t, err, domain.KindInvalid, "programme inconnu")

	p, err := s.ExtendProgramme(ctx, coord, "creil", day("2027-12-31"), "avenant du comité")
	if err != nil || !p.ValidUntil.Equal(day("2027-12-31")) {
		t.Fatalf("extend: %v %v", p.ValidUntil, err)
	}
	if got, _ := s.Programme("creil"); !got.ValidUntil.Equal(day("2027-12-31")) {
		t.Fatalf("effective end %v", got.ValidUntil)
	}
	if got := s.Programmes(); !got[0].ValidUntil.Equal(day("2027-12-31")) || !s.opts.Programmes[0].ValidUntil.Equal(day("2027-06-30")) {
		t.Fatalf("Programmes %v, configured %v", got[0].ValidUntil, s.opts.Programmes[0].ValidUntil)
	}
	if err := s.IssueCarnet(ctx, desk, "600001", young); err != nil {
		t.Fatalf("after the extension the hand-over must pass: %v", err)
	}
	// A second extension cannot go back before the first.
	_, err = s.ExtendProgramme(ctx, coord, "creil", day("2027-09-30"), "erreur")
	wantKind(t, err, domain.KindConflict, "fin actuelle du programme Pass Creil (31/12/2027)")
	if _, err := s.ExtendProgramme(ctx, coord, "creil", day("2028-03-31"), "second avenant"); err != nil {
		t.Fatal(err)
	}
	ext, err := s.Extensions(ctx, "creil")
	if err != nil || len(ext) != 2 || !ext[0].Before.Equal(day("2027-06-30")) || !ext[1].Before.Equal(day("2027-12-31")) || ext[1].Reason != "second avenant" || ext[0].By != "coord" {
		t.Fatalf("extensions %+v %v", ext, err)
	}
	all, _ := s.History(ctx, "programme", "creil")
	var h []AuditEntry
	for _, e := range all {
		if e.Action == "programme.extend" {
			h = append(h, e)
		}
	}
	if len(h) != 2 || h[0].Before != "2027-06-30" || h[0].After != "2027-12-31" || h[0].User != "coord" {
		t.Fatalf("audit %+v", h)
	}
	// The extension survives a reopening (it is in the ledger, not in memory).
	path, opts := s.file, s.opts
	s.Close()
	s2, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, _ := s2.Programme("creil"); !got.ValidUntil.Equal(day("2028-03-31")) {
		t.Fatalf("after reopening: %v", got.ValidUntil)
	}
}
