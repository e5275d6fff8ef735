package domain

import (
	"fmt"
	"strings"
)

// HeldCarnet is a carnet a person holds in some programme, as the exclusivity rule sees it.
type HeldCarnet struct {
	Programme     string // programme id
	ProgrammeName string // its name, for the refusal
	Number        string
}

// Exclusive reports whether a person may not hold carnets of both a and b: either programme
// names the other in exclusive_with. One side is enough, so a coordinator writing the rule in
// one programme of a pair cannot leave the other open.
func Exclusive(a, b Programme) bool {
	if a.ID == b.ID {
		return false
	}
	return contains(a.ExclusiveWith, b.ID) || contains(b.ExclusiveWith, a.ID)
}

// ExclusiveHeld keeps, of the carnets a person holds, those of programmes exclusive with prog.
// all is every configured programme (the rule may be written on the other side only); a carnet
// of a programme no longer configured is not held against the person.
func ExclusiveHeld(prog Programme, all []Programme, held []HeldCarnet) []HeldCarnet {
	var out []HeldCarnet
	for _, c := range held {
		for _, other := range all {
			if other.ID == c.Programme && Exclusive(prog, other) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// ExclusiveRefusal is the refusal of a carnet of prog to a person who holds carnets of a
// programme exclusive with it: it names the other programme and the carnet held; nil when
// nothing is held.
func ExclusiveRefusal(prog Programme, held []HeldCarnet) *Error {
	if len(held) == 0 {
		return nil
	}
	first := held[0]
	var numbers, others []string
	for _, c := range held {
		if c.Programme == first.Programme {
			numbers = append(numbers, c.Number)
		} else {
			others = append(others, fmt.Sprintf("le carnet %s du programme %s", c.Number, c.ProgrammeName))
		}
	}
	what := "le carnet "
	if len(numbers) > 1 {
		what = "les carnets "
	}
	msg := fmt.Sprintf("le programme %s ne se cumule pas avec le programme %s, dont la personne détient déjà %s%s", prog.Name, first.ProgrammeName,
		what, strings.Join(numbers, ", "))
	if len(others) > 0 {
		msg += " (et " + strings.Join(others, ", ") + ")"
	}
	return Errorf(KindConflict, "%s", msg)
}

// MergeNotBoth names the pairs of programmes that do not combine of which the person would hold
// carnets once two records are merged (each held count by programme id): the merge is still
// allowed, the carnets being in the person's hands, and the coordination voids one of them.
func MergeNotBoth(progs []Programme, keptHeld, otherHeld map[string]int) [][2]Programme {
	var out [][2]Programme
	for i, a := range progs {
		for _, b := range progs[i+1:] {
			if Exclusive(a, b) && keptHeld[a.ID]+otherHeld[a.ID] > 0 && keptHeld[b.ID]+otherHeld[b.ID] > 0 {
				out = append(out, [2]Programme{a, b})
			}
		}
	}
	return out
}
