package domain

import (
	"fmt"
	"slices"
	"strings"
)

// This file holds the front-desk diagnostic's questionnaire and its input (diagnostic.md § 1, 2
// and 7). Scoring and need detection are in diagnostic_score.go, orientation in orientation.go.

// DiagDomain is a domain of the Pix / CRCN referential, as scored by the diagnostic.
type DiagDomain string

const (
	DomENV DiagDomain = "ENV"
	DomINF DiagDomain = "INF"
	DomCOM DiagDomain = "COM"
	DomCRE DiagDomain = "CRE"
	DomSEC DiagDomain = "SEC"
)

// DiagDomainInfo names a domain and gives its CRCN number.
type DiagDomainInfo struct {
	Code  DiagDomain
	CRCN  int
	Label string
}

// DiagDomains lists the domains in display order: ENV first, because handling the device is the
// first barrier.
var DiagDomains = []DiagDomainInfo{
	{DomENV, 5, "Environnement numérique"},
	{DomINF, 1, "Informations et données"},
	{DomCOM, 2, "Communication et collaboration"},
	{DomCRE, 3, "Création de contenu"},
	{DomSEC, 4, "Protection et sécurité"},
}

// DiagItem is one of the 14 scored questions. Code and Pix are stable keys; Text completes
// DiagQuestionPrefix.
type DiagItem struct {
	Code   string
	Domain DiagDomain
	Pix    string
	Text   string
}

// DiagQuestionPrefix opens every item when read aloud.
const DiagQuestionPrefix = "Est-ce que vous savez"

// Question is the full sentence the receptionist reads.
func (it DiagItem) Question() string { return DiagQuestionPrefix + " " + it.Text }

// DiagItems are the 14 items in the order they are asked.
var DiagItems = []DiagItem{
	{"Q01", DomENV, "5.2", "vous servir de votre téléphone portable : l'allumer, le déverrouiller, ouvrir une application ?"},
	{"Q02", DomENV, "5.2", "utiliser un ordinateur : la souris, le clavier, ouvrir et fermer une fenêtre ?"},
	{"Q03", DomENV, "5.1", "vous connecter au wifi, ou régler un petit souci (plus de son, mise à jour, batterie) ?"},
	{"Q04", DomINF, "1.1", "chercher une information sur internet (horaires d'un service, une adresse, un numéro) ?"},
	{"Q05", DomINF, "1.2", "retrouver une photo ou un document enregistré sur votre téléphone ou votre ordinateur ?"},
	{"Q06", DomINF, "1.1", "reconnaître si un site est le site officiel (adresse en « .gouv.fr ») ou si une information est fausse ?"},
	{"Q07", DomCOM, "2.1", "envoyer un message ou faire un appel vidéo à un proche (SMS, WhatsApp…) ?"},
	{"Q08", DomCOM, "2.1", "lire vos e-mails et en envoyer un, avec un document joint ?"},
	{"Q09", DomCOM, "2.4", "créer un compte sur un site et vous reconnecter (identifiant, mot de passe, FranceConnect) ?"},
	{"Q10", DomCOM, "2.4", "faire une démarche en ligne jusqu'au bout (CAF, ameli, impôts, France Travail…) ?"},
	{"Q11", DomCRE, "3.1", "écrire un texte sur ordinateur ou téléphone (un courrier, un CV) et l'enregistrer ?"},
	{"Q12", DomCRE, "3.2", "prendre en photo ou scanner un papier et l'envoyer au bon format (PDF) ?"},
	{"Q13", DomSEC, "4.1", "reconnaître un message piège (faux SMS de colis, faux conseiller de banque) ?"},
	{"Q14", DomSEC, "4.2", "garder vos mots de passe et vos informations personnelles à l'abri ?"},
}

// LookupDiagItem returns the item with the given code.
func LookupDiagItem(code string) (DiagItem, bool) {
	for _, it := range DiagItems {
		if it.Code == code {
			return it, true
		}
	}
	return DiagItem{}, false
}

// AnswerOption is one key of the answer scale; Value is nil for « pas concerné », which is
// ignored by the scoring.
type AnswerOption struct {
	Key   string
	Value *int
	Label string
}

// MaxAnswer is the top of the answer scale.
const MaxAnswer = 3

// AnswerScale is the scale shared by every item, in the order it is offered.
var AnswerScale = []AnswerOption{
	{"0", answerValue(0), "Non, je ne l'ai jamais fait / je ne sais pas faire"},
	{"1", answerValue(1), "Oui, mais seulement si quelqu'un m'aide"},
	{"2", answerValue(2), "Oui, seul(e), mais je bloque parfois"},
	{"3", answerValue(3), "Oui, seul(e), sans problème"},
	{"n", nil, "Pas concerné / je préfère ne pas répondre"},
}

func answerValue(v int) *int { return &v }

// MotifChoice is a K1 answer: what brings the person, as a need code.
type MotifChoice struct {
	Need  Need
	Label string
}

// MaxMotifs is how many K1 motifs a person may give, in order of importance.
const MaxMotifs = 2

// Motifs are the K1 answers in the order they are offered.
var Motifs = []MotifChoice{
	{NeedAdmin, "Papiers, démarches en ligne"},
	{NeedJob, "Emploi, CV"},
	{NeedContact, "Garder le contact avec mes proches"},
	{NeedDevice, "Apprendre à utiliser mon téléphone / ordinateur"},
	{NeedSchool, "L'école des enfants (ENT, Pronote)"},
	{NeedSecurity, "Arnaques, sécurité"},
	{NeedHealth, "Santé (ameli, Doctolib)"},
	{NeedBanking, "Banque, achats"},
	{NeedAccess, "Pas d'appareil ou pas d'internet"},
	{NeedCulture, "Autre, curiosité"},
}

// DiagChoice is a coded answer to a context question, with its French label.
type DiagChoice struct {
	Code  string
	Label string
}

// Mobility is how far the person can travel (K4).
type Mobility string

const (
	MobilityCommune Mobility = "commune"
	MobilityNear    Mobility = "proche"
	MobilityFar     Mobility = "loin"
)

// Radii of K4, in kilometres.
const (
	NearRadiusKm = 10
	FarRadiusKm  = 30
)

// Mobilities are the K4 answers.
var Mobilities = []DiagChoice{
	{string(MobilityCommune), "Seulement dans ma commune"},
	{string(MobilityNear), "Pas loin (10 km au plus)"},
	{string(MobilityFar), "Plus loin (30 km au plus)"},
}

// Preference is the kind of accompaniment the person prefers (K6).
type Preference string

const (
	PrefIndividual  Preference = "individuel"
	PrefCollective  Preference = "collectif"
	PrefIndifferent Preference = "indifferent"
)

// Preferences are the K6 answers.
var Preferences = []DiagChoice{
	{string(PrefIndividual), "Seul(e) avec un médiateur"},
	{string(PrefCollective), "En atelier, en groupe"},
	{string(PrefIndifferent), "Peu importe"},
}

// Specific support codes. The K5 ones are what a person may ask for; the handicap ones only come
// from places' national data and are kept so nothing published is lost.
const (
	SupportPMR        = "pmr"
	SupportIlliteracy = "illettrisme"
	SupportLanguage   = "langue"
	SupportDeafness   = "surdite"
	SupportVisual     = "deficience_visuelle"
	SupportMotor      = "handicap_moteur"
	SupportMental     = "handicap_mental"
)

// SupportNeeds are the K5 answers (several may be given).
var SupportNeeds = []DiagChoice{
	{SupportPMR, "Accès de plain-pied (mobilité réduite)"},
	{SupportIlliteracy, "Difficultés pour lire ou écrire (illettrisme)"},
	{SupportLanguage, "Parle peu le français (langue étrangère)"},
	{SupportDeafness, "Surdité"},
	{SupportVisual, "Déficience visuelle"},
}

// nationalSupports maps the standard's prise_en_charge_specifique values onto support codes.
var nationalSupports = map[string]string{
	"Illettrisme":                  SupportIlliteracy,
	"Langues étrangères (anglais)": SupportLanguage,
	"Langues étrangères (autres)":  SupportLanguage,
	"Surdité":                      SupportDeafness,
	"Déficience visuelle":          SupportVisual,
	"Handicaps moteurs":            SupportMotor,
	"Handicaps mentaux":            SupportMental,
}

// SupportFromNational maps one national prise_en_charge_specifique value onto its support code.
// Values are compared folded, since published files vary in case and accents.
func SupportFromNational(value string) (string, bool) {
	folded := Normalize(value)
	for national, code := range nationalSupports {
		if Normalize(national) == folded {
			return code, true
		}
	}
	return "", false
}

// SupportsFromNational maps national values onto support codes, without duplicates (both foreign
// language values become "langue"); unknown values are dropped.
func SupportsFromNational(values []string) []string {
	var out []string
	for _, v := range values {
		if code, ok := SupportFromNational(v); ok && !contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// Equipment is K2.
type Equipment struct {
	Smartphone bool `json:"smartphone"`
	Computer   bool `json:"computer"` // computer or tablet
	Internet   bool `json:"internet"` // at home or a mobile plan
}

// DiagnosticInput is everything the receptionist enters; its JSON form is the one
// `passnum diagnose --answers` reads (diagnostic.md § 7).
type DiagnosticInput struct {
	Commune    string          `json:"commune"` // INSEE code of residence (K3)
	Motifs     []Need          `json:"motifs"`  // K1, most important first
	Equipment  Equipment       `json:"equipment"`
	Mobility   Mobility        `json:"mobility"`
	Support    []string        `json:"support"` // K5 codes
	Preference Preference      `json:"preference"`
	FreeOnly   *bool           `json:"free_only"` // nil means yes: free is the default
	Urgent     bool            `json:"urgent"`    // a procedure due within 15 days (K7)
	Answers    map[string]*int `json:"answers"`   // item code → 0..3, nil or absent when not answered
}

// FreeRequired reports whether only free places may be recommended.
func (in DiagnosticInput) FreeRequired() bool { return in.FreeOnly == nil || *in.FreeOnly }

// Validate checks the input against the questionnaire and reports every problem at once, each
// naming its field, so a JSON file can be fixed in one go. communeKnown may be nil when the
// territory is not at hand.
func (in DiagnosticInput) Validate(communeKnown func(insee string) bool) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	switch {
	case strings.TrimSpace(in.Commune) == "":
		add("commune : code INSEE manquant")
	case communeKnown != nil && !communeKnown(in.Commune):
		add("commune : « %s » n'est pas une commune du territoire", in.Commune)
	}

	if len(in.Motifs) > MaxMotifs {
		add("motifs : %d motifs donnés, %d au plus", len(in.Motifs), MaxMotifs)
	}
	for i, m := range in.Motifs {
		// Any need code is accepted, not only the ten offered in K1: § 4 itself reads B10 in K1.
		if _, ok := LookupNeed(m); !ok {
			add("motifs : code « %s » inconnu (B01 à B12)", m)
		} else if slices.Contains(in.Motifs[:i], m) {
			add("motifs : « %s » donné deux fois", m)
		}
	}

	if msg := checkChoice(Mobilities, string(in.Mobility)); msg != "" {
		add("mobility : %s", msg)
	}
	for _, s := range in.Support {
		if msg := checkChoice(SupportNeeds, s); msg != "" {
			add("support : %s", msg)
		}
	}
	if msg := checkChoice(Preferences, string(in.Preference)); msg != "" {
		add("preference : %s", msg)
	}

	codes := make([]string, 0, len(in.Answers))
	for code := range in.Answers {
		codes = append(codes, code)
	}
	slices.Sort(codes) // map order would make the message change from run to run
	for _, code := range codes {
		if _, ok := LookupDiagItem(code); !ok {
			add("answers.%s : question inconnue (Q01 à Q14)", code)
		} else if v := in.Answers[code]; v != nil && (*v < 0 || *v > MaxAnswer) {
			add("answers.%s : réponse %d hors de l'échelle (0 à 3, ou null)", code, *v)
		}
	}

	if len(problems) == 0 {
		return nil
	}
	return Errorf(KindInvalid, "Diagnostic invalide : %s.", strings.Join(problems, " ; "))
}

// checkChoice says what is wrong with code, listing the accepted codes; "" when it is one of them.
func checkChoice(choices []DiagChoice, code string) string {
	codes := make([]string, len(choices))
	for i, c := range choices {
		if c.Code == code {
			return ""
		}
		codes[i] = c.Code
	}
	accepted := strings.Join(codes, ", ")
	if code == "" {
		return "valeur manquante (" + accepted + ")"
	}
	return fmt.Sprintf("« %s » inconnu (%s)", code, accepted)
}
