package sheet

import (
	"strings"

	"passnum/domain"
)

// Field is what passnum reads from a column; the names are those of --map and of JSON.
type Field string

const (
	LastName   Field = "last_name"
	FirstName  Field = "first_name"
	BirthDate  Field = "birth_date"
	Commune    Field = "commune"
	PostalCode Field = "postal_code"
	Address    Field = "address"
	QPV        Field = "qpv"
	Status     Field = "status"
	Diploma    Field = "diploma"
	Carnet     Field = "carnet"
	IssuedAt   Field = "issued_at"
	Prescriber Field = "prescriber"
	Consent    Field = "consent"
)

// Fields lists every field in the order a mapping is shown.
var Fields = []Field{LastName, FirstName, BirthDate, Commune, PostalCode, Address, QPV, Status, Diploma, Carnet, IssuedAt, Prescriber, Consent}

// Label is the field's French name, the header a desk would write.
func (f Field) Label() string {
	switch f {
	case LastName:
		return "Nom"
	case FirstName:
		return "Prénom"
	case BirthDate:
		return "Date de naissance"
	case Commune:
		return "Commune"
	case PostalCode:
		return "Code postal"
	case Address:
		return "Adresse"
	case QPV:
		return "QPV"
	case Status:
		return "Situation"
	case Diploma:
		return "Diplôme"
	case Carnet:
		return "N° carnet"
	case IssuedAt:
		return "Date de remise"
	case Prescriber:
		return "Structure"
	case Consent:
		return "Accord"
	}
	return string(f)
}

// IsDate tells the fields read as dates (Excel serial numbers included).
func (f Field) IsDate() bool { return f == BirthDate || f == IssuedAt }

// aliases are the headers seen in desks' spreadsheets, folded by fold. Only whole headers
// match: « Nom de la structure » is not a last name.
var aliases = map[Field][]string{
	LastName:   {"nom", "nom de famille", "nom usage", "nom d usage", "nom de naissance", "nom du beneficiaire", "nom beneficiaire", "last name", "last_name", "nom patronymique"},
	FirstName:  {"prenom", "prenoms", "prenom du beneficiaire", "prenom beneficiaire", "first name", "first_name"},
	BirthDate:  {"date de naissance", "date naissance", "naissance", "ne le", "ne e le", "nee le", "ne e", "date de naiss", "ddn", "birth date", "birth_date"},
	Commune:    {"commune", "ville", "commune de residence", "commune residence", "localite", "lieu de residence"},
	PostalCode: {"code postal", "cp", "code post", "postal code", "postal_code"},
	Address:    {"adresse", "adresse postale", "adresse du foyer", "rue", "domicile", "adresse de residence", "address"},
	QPV:        {"qpv", "quartier prioritaire", "habite en qpv", "residant qpv", "resident qpv", "quartier politique de la ville"},
	Status:     {"situation", "situation professionnelle", "statut", "situation sociale", "status"},
	Diploma:    {"diplome", "niveau de diplome", "niveau d etudes", "dernier diplome", "niveau", "diploma"},
	Carnet:     {"n carnet", "n de carnet", "no carnet", "no de carnet", "num carnet", "numero carnet", "numero de carnet", "carnet", "carnet n", "n du carnet", "numero du carnet", "carnet remis"},
	IssuedAt:   {"date de remise", "date remise", "remis le", "date de remise du carnet", "date d attribution", "date de delivrance", "delivre le", "issued at", "issued_at"},
	Consent:    {"accord", "consentement", "accord rgpd", "consentement rgpd", "accord donnees", "accord des donnees", "accord pour les donnees", "rgpd", "consent"},
	Prescriber: {"structure", "structure prescriptrice", "prescripteur", "structure de remise", "structure orientatrice", "prescriber"},
}

var byAlias = func() map[string]Field {
	m := map[string]Field{}
	for f, as := range aliases {
		for _, a := range as {
			m[a] = f
		}
	}
	return m
}()

// fold compares headers: no case, accents, punctuation or spacing, and « n° »/« nº » as « n »,
// so « N° de carnet », « NOM DE FAMILLE » and « Né(e) le » find their alias.
func fold(s string) string {
	s = strings.NewReplacer("°", " ", "º", " ", "’", " ").Replace(s)
	return domain.Normalize(s)
}

// GuessField is the field a header names, false when none does. A header read from several
// rows (« Identité › Nom ») is tried whole, then level by level from the lowest.
func GuessField(header string) (Field, bool) { return guessIn(byAlias, header) }
