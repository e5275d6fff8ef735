package domain

// Need is a need type of the diagnostic (diagnostic.md § 4), a stable code such as "B05".
type Need string

const (
	NeedDevice    Need = "B01" // Prendre en main son téléphone / ordinateur
	NeedAccess    Need = "B02" // Accès à un appareil / à internet
	NeedBrowse    Need = "B03" // Naviguer et chercher sur internet
	NeedContact   Need = "B04" // Communiquer avec ses proches
	NeedAdmin     Need = "B05" // Démarches administratives en ligne
	NeedJob       Need = "B06" // Emploi, CV, espace France Travail
	NeedSecurity  Need = "B07" // Sécurité, arnaques, données
	NeedSchool    Need = "B08" // Parentalité et école
	NeedHealth    Need = "B09" // Santé en ligne
	NeedDocuments Need = "B10" // Documents (écrire, scanner, PDF)
	NeedBanking   Need = "B11" // Banque et achats en ligne
	NeedCulture   Need = "B12" // Culture numérique
)

// NeedInfo names a need and the national services that cover it.
type NeedInfo struct {
	Code     Need
	Label    string
	Services []string
}

// National v1 service names (standard "Lieux de médiation numérique").
const (
	SvcAdmin     = "Aide aux démarches administratives"
	SvcEveryday  = "Maîtrise des outils numériques du quotidien"
	SvcJob       = "Insertion professionnelle via le numérique"
	SvcSafe      = "Utilisation sécurisée du numérique"
	SvcParenting = "Parentalité et éducation avec le numérique"
	SvcCreative  = "Loisirs et créations numériques"
	SvcCulture   = "Compréhension du monde numérique"
	SvcAccess    = "Accès internet et matériel informatique"
	SvcEquipment = "Acquisition de matériel informatique à prix solidaire"
)

// Services is the closed list of v1 services, in the standard's order.
var Services = []string{SvcAdmin, SvcEveryday, SvcJob, SvcSafe, SvcParenting, SvcCreative, SvcCulture, SvcAccess, SvcEquipment}

// Needs is the need table of diagnostic.md § 4, in code order.
var Needs = []NeedInfo{
	{NeedDevice, "Prendre en main son téléphone / ordinateur", []string{SvcEveryday}},
	{NeedAccess, "Accès à un appareil / à internet", []string{SvcAccess, SvcEquipment}},
	{NeedBrowse, "Naviguer et chercher sur internet", []string{SvcEveryday}},
	{NeedContact, "Communiquer avec ses proches", []string{SvcEveryday}},
	{NeedAdmin, "Démarches administratives en ligne", []string{SvcAdmin}},
	{NeedJob, "Emploi, CV, espace France Travail", []string{SvcJob}},
	{NeedSecurity, "Sécurité, arnaques, données", []string{SvcSafe}},
	{NeedSchool, "Parentalité et école", []string{SvcParenting}},
	{NeedHealth, "Santé en ligne", []string{SvcAdmin}},
	{NeedDocuments, "Documents (écrire, scanner, PDF)", []string{SvcEveryday}},
	{NeedBanking, "Banque et achats en ligne", []string{SvcSafe}},
	{NeedCulture, "Culture numérique", []string{SvcCulture, SvcCreative}},
}

// LookupNeed returns the table row of a need code.
func LookupNeed(code Need) (NeedInfo, bool) {
	for _, n := range Needs {
		if n.Code == code {
			return n, true
		}
	}
	return NeedInfo{}, false
}

// NeedsFromServices derives a place's needs from its national services, in code order.
func NeedsFromServices(services []string) []Need {
	var out []Need
	for _, n := range Needs {
		for _, s := range n.Services {
			if contains(services, s) {
				out = append(out, n.Code)
				break
			}
		}
	}
	return out
}
