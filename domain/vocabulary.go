package domain

// ParseStatus reads a status as a spreadsheet writes it: its id (demandeur_emploi) or its
// French label (« Demandeur d'emploi », « retraité », « RSA »), without case or accents.
func ParseStatus(text string) (Status, bool) {
	k := Normalize(text)
	for _, s := range Statuses {
		if k == Normalize(string(s.Code)) || k == Normalize(s.Label) || k == Normalize(stripParens(s.Label)) {
			return s.Code, true
		}
	}
	return "", false
}

// ParseDiploma reads a diploma by its id (cap_bep) or its French label (« CAP/BEP »,
// « baccalauréat »), without case or accents.
func ParseDiploma(text string) (Diploma, bool) {
	k := Normalize(text)
	for _, d := range Diplomas {
		if k == Normalize(string(d)) || k == Normalize(DiplomaLabel(d)) {
			return d, true
		}
	}
	return "", false
}

// stripParens turns « retraité(e) » into « retraité » and « bénéficiaire du RSA » stays.
func stripParens(s string) string {
	out := []rune{}
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			out = append(out, r)
		}
	}
	return string(out)
}
