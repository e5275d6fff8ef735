package store

import (
	"context"
	"fmt"

	"passnum/domain"
)

// LetterPlaces are the places a courrier lists: those the person's last diagnostic recommended,
// with their full record when the place is still in the ledger, else at least the name the
// diagnostic showed; without a diagnostic, or when it recommended none, the programme's
// qualified places (from says which). The desk and passnum letter share it, so a reprint lists
// what the hand-over's letter listed.
func (s *Store) LetterPlaces(ctx context.Context, personID int64, prog domain.Programme) (places []domain.Place, from domain.PlacesFrom, err error) {
	diags, err := s.PersonDiagnostics(ctx, personID)
	if err != nil {
		return nil, domain.PlacesNoDiagnostic, err
	}
	if len(diags) == 0 || len(diags[0].Result.Recommendations) == 0 {
		all, err := s.Places(ctx)
		if err != nil {
			return nil, domain.PlacesNoDiagnostic, err
		}
		from = domain.PlacesNoDiagnostic
		if len(diags) > 0 {
			from = domain.PlacesNoneRecommended
		}
		return domain.QualifiedPlaces(all, prog.RecognisedLabels), from, nil
	}
	for _, r := range diags[0].Result.Recommendations {
		pl, err := s.Place(ctx, r.PlaceID)
		if domain.KindOf(err) == domain.KindNotFound {
			pl, err = domain.Place{ID: r.PlaceID, Name: r.Name}, nil
		}
		if err != nil {
			return nil, domain.PlacesNoDiagnostic, fmt.Errorf("lieu %s : %w", r.PlaceID, err)
		}
		places = append(places, pl)
	}
	return places, domain.PlacesRecommended, nil
}
