package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlaceEditLists(t *testing.T) {
	communes := []Commune{{INSEE: "60175", Name: "Creil"}, {INSEE: "60463", Name: "Nogent-sur-Oise"}}
	if ls, err := ParseLevels("niveaux", " debutant, autonome ,"); err != nil || !reflect.DeepEqual(ls, []Level{LevelBeginner, LevelAutonomous}) {
		t.Errorf("levels = %v %v", ls, err)
	}
	if ls, err := ParseLevels("niveaux", ""); err != nil || ls == nil || len(ls) != 0 {
		t.Errorf("an empty list clears the levels: %#v %v", ls, err)
	}
	if ns, err := ParseNeeds("besoins", "b01,B12"); err != nil || !reflect.DeepEqual(ns, []Need{"B01", "B12"}) {
		t.Errorf("needs = %v %v", ns, err)
	}
	if sv, err := ParseServes("communes", "60175, 60463", communes); err != nil || len(sv) != 2 {
		t.Errorf("serves = %v %v", sv, err)
	}
	for _, tt := range []struct {
		err  error
		want string
	}{
		{second(ParseLevels("niveaux", "debutant, expert")), `niveaux : niveau "expert" inconnu (choix : debutant, en_progression, autonome)`},
		{second(ParseNeeds("--needs", "B13")), `--needs : besoin "B13" inconnu (codes B01 à B12)`},
		{second(ParseServes("communes", "75056", communes)), `communes : commune "75056" inconnue du territoire`},
	} {
		if tt.err == nil || KindOf(tt.err) != KindInvalid || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("error %v, want invalid %q", tt.err, tt.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }
