package domain

// QualifiedPlaces are the places where a programme's chèques can be used: qualified (APTIC) or
// bearing a label the programme recognises. The courrier of a person without a diagnostic
// lists them, so nobody is sent to ask for a list the desk does not have.
func QualifiedPlaces(places []Place, recognisedLabels []string) []Place {
	recognised := foldLabels(recognisedLabels...)
	var out []Place
	for _, p := range places {
		if p.Qualified {
			out = append(out, p)
			continue
		}
		for _, l := range foldLabels(p.EffectiveLabels()...) {
			if contains(recognised, l) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
