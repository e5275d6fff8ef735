// Package placecsv reads the national open-data standard « Lieux de médiation numérique »
// (v1, and the older v0.1 still found in the wild) into domain places, with a French problem
// per bad field so a coordinator can fix the file.
package placecsv

import "passnum/domain"

// Version is the standard's version a file follows.
type Version string

const (
	V1  Version = "v1"
	V01 Version = "v0.1"
)

// multiSep is the separator of multi-valued fields, the one thing besides column names that
// changed between versions (the field separator is the comma in both).
func (v Version) multiSep() string {
	if v == V01 {
		return ";"
	}
	return "|"
}

// Columns of v1, in the standard's order.
var v1Columns = []string{"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
	"latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
	"presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
	"publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
	"formations_labels", "autres_formations_labels", "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv"}

// Columns of v0.1, in its schema's order.
var v01Columns = []string{"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
	"latitude", "longitude", "cle_ban", "typologie", "telephone", "courriel", "site_web", "horaires", "presentation_resume",
	"presentation_detail", "source", "structure_parente", "date_maj", "services", "publics_accueillis", "conditions_acces",
	"labels_nationaux", "labels_autres", "modalites_accompagnement", "accessibilite", "prise_rdv"}

// Columns only v0.1 has: their presence in the header tells the version.
var v01Markers = []string{"cle_ban", "courriel", "publics_accueillis", "conditions_acces", "labels_nationaux", "labels_autres", "accessibilite"}

// Columns only v1 has; a header carrying markers of both versions is refused rather than guessed.
var v1Markers = []string{"courriels", "itinerance", "publics_specifiquement_adresses", "prise_en_charge_specifique",
	"frais_a_charge", "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
	"fiche_acces_libre"}

var required = []string{"id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"}

// requiredHint tells, per required column, what to write when the value is missing.
var requiredHint = map[string]string{
	"id":          "indiquez un identifiant unique du lieu dans le fichier",
	"pivot":       "indiquez le SIRET (14 chiffres) ou le numéro RNA de la structure",
	"nom":         "indiquez le nom du lieu",
	"commune":     "indiquez le nom de la commune",
	"code_postal": "indiquez le code postal (5 chiffres)",
	"adresse":     "indiquez le numéro et la voie",
	"date_maj":    "indiquez la date de mise à jour au format AAAA-MM-JJ",
}

// Enumerations of v1 (exact strings of the standard).
var (
	v1Services   = newEnum(domain.Services...)
	v1Publics    = newEnum("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
	v1Supports   = newEnum("Surdité", "Handicaps moteurs", "Handicaps mentaux", "Illettrisme", "Langues étrangères (anglais)", "Langues étrangères (autres)", "Déficience visuelle")
	v1Costs      = newEnum("Gratuit", "Gratuit sous condition", "Payant")
	v1Programmes = newEnum("Aidants Connect", "Bibliothèques numérique de référence", "Certification PIX", "Conseillers numériques", "Emmaüs Connect", "France Services", "Grande école du numérique", "La Croix Rouge", "Point d'accès numérique CAF", "Promeneurs du net", "Relais numérique (Emmaüs Connect)")
	v1Access     = newEnum("Se présenter", "Téléphoner", "Contacter par mail", "Prendre un RDV en ligne", "Ce lieu n'accueille pas de public", "Envoyer un mail avec une fiche de prescription")
	v1Modalities = newEnum("En autonomie", "Accompagnement individuel", "Dans un atelier collectif", "À distance")
	v1Itinerance = newEnum("Itinérant", "Fixe")
)

var v1Modality = map[string]domain.Modality{
	"En autonomie":              domain.ModAutonomy,
	"Accompagnement individuel": domain.ModIndividual,
	"Dans un atelier collectif": domain.ModCollective,
	"À distance":                domain.ModDistance,
}

var v1Cost = map[string]domain.Cost{
	"Gratuit":                domain.CostFree,
	"Gratuit sous condition": domain.CostFreeConditional,
	"Payant":                 domain.CostPaid,
}

// v01Services maps the 15 services of v0.1 onto the 9 of v1.
var v01Services = map[string]string{
	"Prendre en main un smartphone ou une tablette":                 domain.SvcEveryday,
	"Prendre en main un ordinateur":                                 domain.SvcEveryday,
	"Utiliser le numérique au quotidien":                            domain.SvcEveryday,
	"Devenir autonome dans les démarches administratives":           domain.SvcAdmin,
	"Réaliser des démarches administratives avec un accompagnement": domain.SvcAdmin,
	"Accompagner les démarches de santé":                            domain.SvcAdmin,
	"Accéder à une connexion internet":                              domain.SvcAccess,
	"Accéder à du matériel":                                         domain.SvcAccess,
	"S'équiper en matériel informatique":                            domain.SvcEquipment,
	"Favoriser mon insertion professionnelle":                       domain.SvcJob,
	"Approfondir ma culture numérique":                              domain.SvcCulture,
	"Promouvoir la citoyenneté numérique":                           domain.SvcCulture,
	"Créer avec le numérique":                                       domain.SvcCreative,
	"Soutenir la parentalité et l'éducation avec le numérique":      domain.SvcParenting,
	"Créer et développer mon entreprise":                            domain.SvcJob,
}

// v0.1 services, in its schema's order so the « valeurs possibles » hint reads like the schema.
var v01ServiceNames = []string{
	"Devenir autonome dans les démarches administratives", "Réaliser des démarches administratives avec un accompagnement",
	"Prendre en main un smartphone ou une tablette", "Prendre en main un ordinateur", "Utiliser le numérique au quotidien",
	"Approfondir ma culture numérique", "Favoriser mon insertion professionnelle", "Accéder à une connexion internet",
	"Accéder à du matériel", "S'équiper en matériel informatique", "Créer et développer mon entreprise",
	"Créer avec le numérique", "Accompagner les démarches de santé", "Promouvoir la citoyenneté numérique",
	"Soutenir la parentalité et l'éducation avec le numérique",
}

// v0.1 enumerations are « Libellé : explication »; only the label before « : » is compared, since
// producers shortened or reworded the explanations.
var (
	v01ServicesEnum = newEnum(v01ServiceNames...)
	v01Publics      = newPrefixEnum("Seniors (+ 65 ans)", "Familles/enfants", "Adultes", "Jeunes (16-26 ans)", "Public langues étrangères", "Déficience visuelle", "Surdité", "Handicaps psychiques", "Handicaps mentaux", "Uniquement femmes", "Personnes en situation d'illettrisme")
	v01Conditions   = newPrefixEnum("Gratuit", "Gratuit sous condition", "Payant", "Adhésion", "Accepte le Pass numérique")
	v01Labels       = newPrefixEnum("France Services", "CNFS", "APTIC", "Aidants Connect", "Fabriques de Territoire", "Grandes écoles du numérique", "Point relais CAF", "Point numérique CAF", "Relais pôle emploi", "French Tech", "Campus connecté")
	v01Modalities   = newPrefixEnum("Seul", "Avec de l'aide", "Dans un atelier", "A ma place")
)

var v01Modality = map[string]domain.Modality{
	"Seul":            domain.ModAutonomy,
	"Avec de l'aide":  domain.ModIndividual,
	"Dans un atelier": domain.ModCollective,
	"A ma place":      domain.ModOnMyBehalf,
}

// v01Support maps the v0.1 publics that are really specific support onto support codes; the
// other publics (seniors, adults…) have no place field.
var v01Support = map[string]string{
	"Personnes en situation d'illettrisme": domain.SupportIlliteracy,
	"Public langues étrangères":            domain.SupportLanguage,
	"Surdité":                              domain.SupportDeafness,
	"Déficience visuelle":                  domain.SupportVisual,
	"Handicaps mentaux":                    domain.SupportMental,
}

// v01LabelToV1 renames the v0.1 labels that became v1 programmes, so the orientation rules, which
// speak v1, recognise them; the others are kept as published.
var v01LabelToV1 = map[string]string{
	"CNFS":                        "Conseillers numériques",
	"Point numérique CAF":         "Point d'accès numérique CAF",
	"Grandes écoles du numérique": "Grande école du numérique",
}

// supportOrder keeps Support deterministic whatever order the file lists values in.
var supportOrder = []string{domain.SupportIlliteracy, domain.SupportLanguage, domain.SupportDeafness,
	domain.SupportVisual, domain.SupportMotor, domain.SupportMental}

var modalityOrder = []domain.Modality{domain.ModAutonomy, domain.ModIndividual, domain.ModCollective,
	domain.ModDistance, domain.ModOnMyBehalf}
