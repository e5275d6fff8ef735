package domain

// PlacesFrom says where a courrier's places come from, so its words fit: a person who sat
// the diagnostic must not read « sans diagnostic ». It lives here, not in domain/doc, because
// the store chooses the places (store.LetterPlaces) and must not import a document package.
type PlacesFrom int

const (
	// PlacesNoDiagnostic: no diagnostic yet, the places are the programme's qualified places.
	PlacesNoDiagnostic PlacesFrom = iota
	// PlacesRecommended: the places the person's last diagnostic recommended.
	PlacesRecommended
	// PlacesNoneRecommended: the last diagnostic named no place, the programme's qualified places follow.
	PlacesNoneRecommended
)
