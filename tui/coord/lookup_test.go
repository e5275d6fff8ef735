package coord_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"passnum/tui/internal/tuitest"
)

// The committee looks a name up: the answer is refused whole, and no one is named on screen.
func TestLectureLookupRefusesPeople(t *testing.T) {
	f := stockLedger(t)
	f.env.User = Lecture
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'c')
	tuitest.MustContain(t, tuitest.Screen(a), "Consulter un numéro", "Numéro :")
	tuitest.Type(t, a, "Dupont")
	enter(t, a)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Comité de suivi voit les chiffres du programme, pas les personnes")
	if contains(scr, "Jeanne") || contains(scr, "Personne n°") {
		t.Fatalf("a refused lookup shows the person:\n%s", scr)
	}
	if a.StatusOK() {
		t.Errorf("the refusal is not an error: %q", a.Status())
	}
	// A name nobody bears gets the same refusal: the answer does not tell whether someone is known.
	refusal := a.Status()
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "Zorglub")
	enter(t, a)
	if strings.ReplaceAll(a.Status(), "Zorglub", "Dupont") != refusal {
		t.Errorf("a name nobody bears: %q, a known name: %q", a.Status(), refusal)
	}

	// A carnet answers, without its holder.
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "600001")
	enter(t, a)
	scr = tuitest.Screen(a)
	tuitest.MustContain(t, scr, "Carnet 600001 — remis à une personne", "prescripteur : Centre social Georges Brassens", "remis le 22/11/2026")
	if contains(scr, "Jeanne") || contains(scr, "Dupont") || contains(scr, "pas les personnes") {
		t.Fatalf("the committee's carnet lookup names its holder or keeps the refusal:\n%s", scr)
	}
	// Its history says what happened to it, not to whom: no name, no person's number.
	tuitest.MustContain(t, scr, "Historique", "— attribué à Centre social Georges Brassens", "— remis")
	if contains(scr, "personne 1") || contains(scr, "fiche n°") || contains(scr, "carnet.issue") {
		t.Fatalf("the committee's carnet history shows who had it or a code:\n%s", scr)
	}
	// And a chèque.
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "600001-02")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Chèque 600001-02 — disponible", "carnet 600001, position 2")
}

// The coordination's lookup answers carnets and people.
func TestCoordinationLookup(t *testing.T) {
	f := stockLedger(t)
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'c')
	tuitest.Type(t, a, "600002")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Carnet 600002 — attribué à un prescripteur", "prescripteur : Centre social Georges Brassens")
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "600001")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Historique", "— remis à Jeanne DUPONT, public « Jeunes 16–25 ans")
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "600099")
	enter(t, a)
	if a.StatusOK() {
		t.Errorf("an unknown number is not an error: %q", a.Status())
	}
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "Dupont")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Jeanne DUPONT")
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "Tapez ou scannez un numéro")
}

// A place and a carnet answer in words: the programme's name, the phone as dialled, the opening
// hours as a French timetable; no id, no OSM syntax.
func TestCoordinationLookupSpeaksPlainly(t *testing.T) {
	f := stockLedger(t)
	f.addPlaces(t)
	a := openHome(t, f.env)
	tuitest.Key(t, a, 'c')
	tuitest.Type(t, a, "600002")
	enter(t, a)
	tuitest.MustContain(t, tuitest.Screen(a), "programme : Pass numérique Creil Sud Oise")
	if contains(tuitest.Screen(a), "creil-sud-oise") {
		t.Errorf("the carnet names its programme by id:\n%s", tuitest.Screen(a))
	}
	tuitest.Key(t, a, 'u', tea.ModCtrl)
	tuitest.Type(t, a, "pimms-creil")
	enter(t, a)
	scr := tuitest.Screen(a)
	tuitest.MustContain(t, scr, "PIMMS de Creil — qualifié pour le Pass numérique", "12 rue Jules Michelet, 60100 Creil",
		"tél. 03 44 00 00 00", "horaires : lun.–ven. 9 h – 12 h, 14 h – 17 h")
	for _, bad := range []string{"(pimms-creil)", "+33", "Mo-Fr", "09:00"} {
		if contains(scr, bad) {
			t.Errorf("the place answer shows %q:\n%s", bad, scr)
		}
	}
}
