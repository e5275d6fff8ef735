package config

import (
	"fmt"
	"math"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"passnum/domain"
	"passnum/domain/geo"
)

// The two patterns every configuration is checked against, written out by hand: compiling them
// as regular expressions cost every passnum command more than matching them (patterns_test.go
// checks them against the regular expressions they stand for).

// validINSEE matches a code officiel géographique, as in the national places standard
// (code_insee): ^([013-9]\d|2[AB1-9])\d{3}$.
func validINSEE(s string) bool {
	if len(s) != 5 {
		return false
	}
	switch c := s[0]; {
	case c == '2':
		if !(s[1] == 'A' || s[1] == 'B' || '1' <= s[1] && s[1] <= '9') {
			return false
		}
	case isDigit(c):
		if !isDigit(s[1]) {
			return false
		}
	default:
		return false
	}
	return isDigit(s[2]) && isDigit(s[3]) && isDigit(s[4])
}

// validID matches an identifier: ^[A-Za-z0-9][A-Za-z0-9._-]*$.
func validID(s string) bool {
	if s == "" || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// problems collects every validation error so that one run shows them all.
type problems struct {
	name string
	list []string
	// noTerritory: the territory could not be resolved, so communes are not checked against it
	noTerritory bool
}

func (p *problems) add(where, format string, args ...any) {
	p.list = append(p.list, p.name+", "+where+" : "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return domain.Errorf(domain.KindInvalid, "%s", strings.Join(p.list, "\n"))
}

// item names the n-th entry of a [[table]] by its id, or by its rank when it has none.
func item(kind string, i int, id string) string {
	if strings.TrimSpace(id) != "" {
		return kind + " " + id
	}
	return fmt.Sprintf("%s n° %d (sans id)", kind, i+1)
}

func (p *problems) checkID(where, id, example string) {
	switch {
	case strings.TrimSpace(id) == "":
		p.add(where, "id manquant : ajoutez id = %q", example)
	case !validID(id):
		p.add(where, "id « %s » invalide : utilisez des lettres sans accent, des chiffres, « - », « _ » ou « . », sans espace, ex. %q", id, example)
	}
}

func build(f *fileConfig, dir, name string) (*Config, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, invalid(err, "dossier de configuration invalide : %s", dir)
	}
	p := &problems{name: name}
	c := &Config{Dir: absDir}

	c.StorePath = p.path("[store] path", f.Store.Path, DefaultStorePath, absDir)
	c.SSH = p.ssh(f.SSH, absDir)
	c.Communes = p.communes(f.Territory, f.Communes, f.communeLines)
	c.Territory = territoryOf(f.Territory)
	c.Prescribers = p.prescribers(f.Prescribers, c.Communes)
	c.Users = p.users(f.Users, c.Prescribers)
	c.LocalUser = strings.TrimSpace(f.Local.User)
	switch {
	case c.LocalUser == "":
		p.add("[local] user", "manquant : indiquez l'id de l'utilisateur pour qui agit le terminal local, déclaré dans [[users]], ex. user = \"coord\"")
	default:
		if _, ok := c.User(c.LocalUser); !ok {
			p.add("[local] user", "utilisateur « %s » inconnu : il doit être déclaré dans [[users]] (ids déclarés : %s)", c.LocalUser, userIDs(c.Users))
		}
	}
	c.Programmes = p.programmes(f.Programmes, c.Communes)
	c.Retention = p.retention(f.Retention)
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// path resolves a file path relative to the configuration folder.
func (p *problems) path(where string, v *string, def, dir string) string {
	s := def
	if v != nil {
		s = strings.TrimSpace(*v)
	}
	if s == "" {
		p.add(where, "chemin vide : indiquez un fichier, ex. %q (relatif au dossier du fichier de configuration)", def)
		return ""
	}
	if filepath.IsAbs(s) {
		return filepath.Clean(s)
	}
	return filepath.Join(dir, s)
}

// DefaultRetentionMonths is how many months after the end of their programmes a person's
// identity is kept before passnum retention --apply anonymises the record.
const DefaultRetentionMonths = 12

// Retention configures how long identities are kept ([retention]).
type Retention struct {
	MonthsAfterEnd int // months after the end of a person's last programme
}

func (p *problems) retention(f fileRetention) Retention {
	r := Retention{MonthsAfterEnd: DefaultRetentionMonths}
	if f.MonthsAfterEnd != nil {
		r.MonthsAfterEnd = *f.MonthsAfterEnd
		if r.MonthsAfterEnd < 1 || r.MonthsAfterEnd > 120 {
			p.add("[retention] months_after_end", "%d mois n'est pas possible : indiquez un nombre de mois de 1 à 120 après la fin des programmes, ex. %d", r.MonthsAfterEnd, DefaultRetentionMonths)
		}
	}
	return r
}

func (p *problems) ssh(f fileSSH, dir string) SSH {
	s := SSH{Listen: DefaultSSHListen, IdleTimeout: DefaultIdleTimeout, MaxSessions: DefaultMaxSessions}
	if f.Listen != nil {
		s.Listen = strings.TrimSpace(*f.Listen)
	}
	if _, port, err := net.SplitHostPort(s.Listen); err != nil {
		p.add("[ssh] listen", "adresse « %s » invalide : écrivez adresse:port, ex. %q ou \":2222\"", s.Listen, DefaultSSHListen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		p.add("[ssh] listen", "port « %s » invalide : il faut un nombre de 1 à 65535, ex. %q", port, DefaultSSHListen)
	}
	s.HostKey = p.path("[ssh] host_key", f.HostKey, DefaultHostKey, dir)
	if f.IdleTimeout != nil {
		s.IdleTimeout = f.IdleTimeout.d
		if s.IdleTimeout <= 0 {
			p.add("[ssh] idle_timeout", "durée « %s » invalide : elle doit être positive, ex. \"15m\"", s.IdleTimeout)
		}
	}
	if f.MaxSessions != nil {
		s.MaxSessions = *f.MaxSessions
		if s.MaxSessions < 1 {
			p.add("[ssh] max_sessions", "%d n'est pas possible : il faut au moins 1 session, ex. %d", s.MaxSessions, DefaultMaxSessions)
		}
	}
	return s
}

// communes builds the territory: the official communes of territory, completed by [[communes]]
// (QPV, qpv_population, coordinates), or, without territory, the [[communes]] alone, each with
// its name and centre as before territory existed.
func (p *problems) communes(t *fileTerritory, fs []fileCommune, lines []int) []domain.Commune {
	if t == nil {
		if len(fs) == 0 {
			p.add("[[communes]]", "aucune commune : nommez le territoire, ex. territory = { epci = \"200068047\" }, ou déclarez les communes (insee, name, lat, lon, qpv)")
		}
		return p.declared(fs, nil, lines)
	}
	official, err := geo.Official().Resolve(geo.Territory{EPCI: strings.TrimSpace(t.EPCI),
		Departement: strings.TrimSpace(t.Departement), Region: strings.TrimSpace(t.Region), Communes: t.Communes})
	if err != nil {
		p.add("territory", "%v", err)
		p.noTerritory = true // the entries and the prescribers' communes cannot be checked
		return nil
	}
	byCode := make(map[string]geo.Commune, len(official))
	for _, c := range official {
		byCode[c.Code] = c
	}
	added := p.declared(fs, byCode, lines)
	extra := make(map[string]domain.Commune, len(added))
	for _, c := range added {
		extra[c.INSEE] = c
	}
	out := make([]domain.Commune, 0, len(official))
	for _, o := range official {
		c, ok := extra[o.Code]
		if !ok {
			c = domain.Commune{INSEE: o.Code, Name: o.Name, NoCoords: true}
		}
		c.EPCI, c.Departement, c.PostalCodes = o.EPCI, o.Departement, o.PostalCodes
		out = append(out, c)
	}
	return out
}

// declared checks the [[communes]] entries. With a territory (official not nil) an entry only
// adds to a commune of the territory: its name may be left out, its centre too.
func (p *problems) declared(fs []fileCommune, official map[string]geo.Commune, lines []int) []domain.Commune {
	out := make([]domain.Commune, 0, len(fs))
	first := map[string]int{}
	for i, f := range fs {
		insee := strings.TrimSpace(f.INSEE)
		where := item("commune", i, insee)
		if i < len(lines) {
			where = fmt.Sprintf("ligne %d, %s", lines[i], where)
		}
		o, inTerritory := official[insee]
		switch {
		case insee == "":
			p.add(where, "insee manquant : indiquez le code INSEE de la commune (5 caractères), ex. insee = \"60175\" pour Creil")
		case !validINSEE(insee):
			p.add(where, "code INSEE « %s » invalide : il faut 5 caractères, 2 pour le département (2A/2B pour la Corse) et 3 pour la commune, ex. \"60175\" pour Creil ; c'est le code commune de l'Insee, pas le code postal", insee)
		default:
			if j, dup := first[insee]; dup {
				p.add(where, "code INSEE déclaré deux fois (communes n° %d et n° %d) : gardez une seule entrée [[communes]]", j+1, i+1)
			} else {
				first[insee] = i
			}
			if official != nil && !inTerritory {
				p.add(where, "%s n'est pas une commune du territoire : [[communes]] complète seulement les communes du territoire (QPV, qpv_population, lat, lon) ; retirez cette entrée ou élargissez territory", outsideName(insee))
			}
		}
		c := domain.Commune{INSEE: insee, Name: strings.TrimSpace(f.Name), QPVPopulation: f.QPVPopulation}
		switch {
		case c.Name == "" && inTerritory:
			c.Name = o.Name
		case c.Name == "" && official == nil:
			p.add(where, "name manquant : indiquez le nom de la commune, ex. name = \"Creil\"")
		case inTerritory && geo.Fold(c.Name) != geo.Fold(o.Name):
			p.add(where, "name = « %s » alors que la commune %s s'appelle « %s » : corrigez le nom ou le code INSEE (ou retirez name, pris dans la liste officielle)", c.Name, insee, o.Name)
		}
		switch {
		case official != nil && f.Lat == nil && f.Lon == nil:
			c.NoCoords = true
		case f.Lat == nil || f.Lon == nil:
			if official != nil {
				p.add(where, "lat et lon vont ensemble : indiquez les deux (centre de la commune en degrés décimaux, ex. lat = 49.2583 et lon = 2.4833) ou aucun")
			} else {
				p.add(where, "lat et lon obligatoires : indiquez le centre de la commune en degrés décimaux, ex. lat = 49.2583 et lon = 2.4833")
			}
		default:
			c.Lat, c.Lon = *f.Lat, *f.Lon
			if math.IsNaN(c.Lat) || c.Lat < -90 || c.Lat > 90 {
				p.add(where, "lat = %v hors limites : la latitude va de -90 à 90 (ex. 49.2583)", c.Lat)
			}
			if math.IsNaN(c.Lon) || c.Lon < -180 || c.Lon > 180 {
				p.add(where, "lon = %v hors limites : la longitude va de -180 à 180 (ex. 2.4833)", c.Lon)
			}
		}
		seen := map[string]bool{}
		for _, q := range f.QPV {
			q = strings.TrimSpace(q)
			switch {
			case q == "":
				p.add(where, "qpv contient un nom vide : retirez-le ou écrivez le nom du quartier prioritaire")
			case seen[q]:
				p.add(where, "le QPV « %s » est écrit deux fois dans qpv", q)
			default:
				seen[q] = true
				c.QPV = append(c.QPV, q)
			}
		}
		if f.QPVPopulation < 0 {
			p.add(where, "qpv_population = %d : une population ne peut pas être négative", f.QPVPopulation)
		} else if f.QPVPopulation > 0 && len(f.QPV) == 0 {
			p.add(where, "qpv_population = %d sans aucun qpv : nommez les quartiers prioritaires dans qpv ou retirez qpv_population", f.QPVPopulation)
		}
		out = append(out, c)
	}
	return out
}

// outsideName names a commune that is not in the territory, from the official list when it is there.
func outsideName(insee string) string {
	if c, ok := geo.Official().Commune(insee); ok {
		return fmt.Sprintf("%s (%s)", c.Name, insee)
	}
	return "le code " + insee
}

func (p *problems) prescribers(fs []filePrescriber, communes []domain.Commune) []domain.Prescriber {
	out := make([]domain.Prescriber, 0, len(fs))
	first := map[string]int{}
	for i, f := range fs {
		x := domain.Prescriber{ID: strings.TrimSpace(f.ID), Name: strings.TrimSpace(f.Name), Commune: strings.TrimSpace(f.Commune), Phone: strings.TrimSpace(f.Phone)}
		where := item("prescripteur", i, x.ID)
		p.checkID(where, x.ID, "centre-social-brassens")
		if j, dup := first[x.ID]; dup && x.ID != "" {
			p.add(where, "id déclaré deux fois (prescripteurs n° %d et n° %d) : chaque prescripteur doit avoir son propre id", j+1, i+1)
		} else {
			first[x.ID] = i
		}
		if x.Name == "" {
			p.add(where, "name manquant : indiquez le nom de la structure, ex. name = \"Mission Locale de la Vallée de l'Oise\"")
		}
		switch {
		case x.Commune == "":
			p.add(where, "commune manquante : indiquez le code INSEE d'une commune déclarée dans [[communes]], ex. commune = \"60175\"")
		case !hasCommune(communes, x.Commune) && !p.noTerritory:
			p.add(where, "commune « %s » inconnue : indiquez le code INSEE d'une commune déclarée dans [[communes]] (%s)", x.Commune, inseeList(communes))
		}
		out = append(out, x)
	}
	return out
}

func (p *problems) users(fs []fileUser, prescribers []domain.Prescriber) []domain.User {
	if len(fs) == 0 {
		p.add("[[users]]", "aucun utilisateur : déclarez au moins l'utilisateur du terminal local (id, name, role)")
	}
	out := make([]domain.User, 0, len(fs))
	first := map[string]int{}
	keyOwner := map[string]string{}
	for i, f := range fs {
		u := domain.User{
			ID: strings.TrimSpace(f.ID), Name: strings.TrimSpace(f.Name), Role: domain.Role(strings.TrimSpace(f.Role)),
			Prescriber: strings.TrimSpace(f.Prescriber), Place: strings.TrimSpace(f.Place),
		}
		where := item("utilisateur", i, u.ID)
		p.checkID(where, u.ID, "marie-dupont")
		if j, dup := first[u.ID]; dup && u.ID != "" {
			p.add(where, "id déclaré deux fois (utilisateurs n° %d et n° %d) : chaque utilisateur doit avoir son propre id", j+1, i+1)
		} else {
			first[u.ID] = i
		}
		if u.Name == "" {
			p.add(where, "name manquant : indiquez le nom affiché, ex. name = \"Marie Dupont\"")
		}
		if !knownRole(u.Role) {
			if u.Role == "" {
				p.add(where, "role manquant : choisissez %s", roleList())
			} else {
				p.add(where, "rôle « %s » inconnu : choisissez %s", u.Role, roleList())
			}
		}
		switch {
		case u.Role == domain.RoleAccueil && u.Prescriber == "":
			p.add(where, "le rôle accueil demande un prescripteur : ajoutez prescriber = \"<id>\" avec l'id d'un [[prescribers]] (%s)", prescriberIDs(prescribers))
		case u.Prescriber != "" && u.Role != domain.RoleAccueil:
			p.add(where, "prescriber ne sert qu'au rôle accueil : retirez-le ou mettez role = \"accueil\"")
		case u.Prescriber != "" && !hasPrescriber(prescribers, u.Prescriber):
			p.add(where, "prescripteur « %s » inconnu : il doit être déclaré dans [[prescribers]] (%s)", u.Prescriber, prescriberIDs(prescribers))
		}
		switch {
		case u.Role == domain.RoleFormateur && u.Place == "":
			p.add(where, "le rôle formateur demande un lieu : ajoutez place = \"<id du lieu>\" (l'id d'un lieu importé dans la base)")
		case u.Place != "" && u.Role != domain.RoleFormateur:
			p.add(where, "place ne sert qu'au rôle formateur : retirez-le ou mettez role = \"formateur\"")
		}
		for k, key := range f.Keys {
			key = strings.TrimSpace(key)
			// Parsed now, so a damaged key is reported with the file instead of refusing its
			// owner at the door of the SSH server without a word.
			fp := p.sshKey(where, k+1, key)
			if fp == "" {
				continue
			}
			// One key, one user: keys are compared by fingerprint, whatever the comment.
			if owner, dup := keyOwner[fp]; dup {
				p.add(where, "la clé SSH n° %d (%s) est déjà celle de %s : une clé doit désigner un seul utilisateur", k+1, fp, owner)
			} else {
				keyOwner[fp] = where
			}
			u.Keys = append(u.Keys, key)
		}
		out = append(out, u)
	}
	return out
}

func (p *problems) programmes(fs []fileProgramme, communes []domain.Commune) []domain.Programme {
	if len(fs) == 0 {
		p.add("[[programmes]]", "aucun programme : déclarez au moins un [[programmes]] (id, name, operator, carnets, validité, financeurs, publics)")
	}
	out := make([]domain.Programme, 0, len(fs))
	first := map[string]int{}
	for i, f := range fs {
		x := domain.Programme{
			ID: strings.TrimSpace(f.ID), Name: strings.TrimSpace(f.Name), Operator: strings.TrimSpace(f.Operator),
			ChequeValueCents: f.ChequeValueCents, ChequesPerCarnet: f.ChequesPerCarnet,
			ValidFrom: f.ValidFrom.t, ValidUntil: f.ValidUntil.t, ToleranceDays: intOr(f.ToleranceDays, domain.DefaultToleranceDays),
			AlertDays: intOr(f.AlertDays, domain.AlertDays), StopDays: intOr(f.StopDays, domain.DistributionStopDays), LastCallDays: intOr(f.LastCallDays, domain.LastCallDays),
			ChequesPerSession: DefaultChequesPerSession, MaxSessionMinutes: f.MaxSessionMinutes,
			BudgetCents: f.BudgetCents,
			Limits:      domain.Limits{CarnetsPerPerson: f.Limits.CarnetsPerPerson, CarnetsPerHousehold: f.Limits.CarnetsPerHousehold},
		}
		where := item("programme", i, x.ID)
		p.checkID(where, x.ID, "creil-sud-oise")
		if j, dup := first[x.ID]; dup && x.ID != "" {
			p.add(where, "id déclaré deux fois (programmes n° %d et n° %d) : chaque programme doit avoir son propre id", j+1, i+1)
		} else {
			first[x.ID] = i
		}
		if x.Name == "" {
			p.add(where, "name manquant : indiquez le nom du dispositif, ex. name = \"Pass numérique Creil Sud Oise\"")
		}
		if x.Operator == "" {
			p.add(where, "operator manquant : indiquez l'opérateur qui émet les chèques, ex. operator = \"APTIC\"")
		}
		if x.ChequeValueCents <= 0 {
			p.add(where, "cheque_value_cents = %d : la valeur d'un chèque doit être positive, en centimes, ex. 1000 pour 10 €", x.ChequeValueCents)
		}
		if x.ChequesPerCarnet <= 0 {
			p.add(where, "cheques_per_carnet = %d : un carnet contient au moins un chèque, ex. 5 ou 10", x.ChequesPerCarnet)
		}
		if !f.ValidFrom.set {
			p.add(where, "valid_from manquant : indiquez le premier jour de validité, ex. valid_from = 2026-01-01")
		}
		if !f.ValidUntil.set {
			p.add(where, "valid_until manquant : indiquez le dernier jour de validité, ex. valid_until = 2027-12-31")
		}
		if f.ValidFrom.set && f.ValidUntil.set && x.ValidUntil.Before(x.ValidFrom) {
			p.add(where, "valid_until (%s) est avant valid_from (%s) : la fin de validité doit suivre le début, corrigez l'une des deux dates",
				x.ValidUntil.Format("2006-01-02"), x.ValidFrom.Format("2006-01-02"))
		}
		if x.ToleranceDays < 0 {
			p.add(where, "tolerance_days = %d : le délai de tolérance ne peut pas être négatif (0 = aucun, APTIC : 30)", x.ToleranceDays)
		}
		p.calendarDays(where, x)
		if f.ChequesPerSession != nil {
			x.ChequesPerSession = *f.ChequesPerSession
			if x.ChequesPerSession < 1 {
				p.add(where, "cheques_per_session = %d : une séance consomme au moins un chèque (règle courante : 1)", x.ChequesPerSession)
			}
		}
		if x.MaxSessionMinutes < 0 {
			p.add(where, "max_session_minutes = %d : la durée maximale ne peut pas être négative (0 = sans limite, ex. 120)", x.MaxSessionMinutes)
		}
		if x.BudgetCents < 0 {
			p.add(where, "budget_cents = %d : le budget ne peut pas être négatif (en centimes, ex. 7975000 pour 79 750 €)", x.BudgetCents)
		}
		x.TargetPeople = p.target(where, "target_people", f.TargetPeople, "de personnes à toucher, ex. target_people = 4000")
		x.TargetCarnets = p.target(where, "target_carnets", f.TargetCarnets, "de carnets à remettre, ex. target_carnets = 1000")
		if x.Limits.CarnetsPerPerson < 0 || x.Limits.CarnetsPerHousehold < 0 {
			p.add(where, "[programmes.limits] : les plafonds ne peuvent pas être négatifs (0 = sans plafond)")
		}
		x.Limits.Lost = p.lostRule(where, f.Limits)
		p.allowance(where, f.Limits, &x.Limits)
		x.RecognisedLabels = p.labels(where, f.RecognisedLabels)
		x.Funders = p.funders(where, f.Funders)
		x.Publics = p.publics(where, f.Publics, communes)
		x.ExclusiveWith = trimmedIDs(f.ExclusiveWith)
		out = append(out, x)
	}
	p.exclusiveWith(out)
	return out
}

// lostRule reads what a lost carnet weighs: by default it may be replaced and no longer counts
// against the caps. Counting it when no replacement is allowed would say nothing more, and
// suggests the writer meant something else: it is refused rather than guessed.
func (p *problems) lostRule(where string, f fileLimits) domain.LostRule {
	// Left out, a lost carnet may be replaced but still counts in the caps: declaring carnets lost
	// must not become a way around the caps. A programme that wants otherwise says so.
	r := domain.LostRule{CountsInCap: true}
	if f.LostReplacement != nil && !*f.LostReplacement {
		r = domain.LostRule{NoReplacement: true}
	}
	if f.LostCountsInCap != nil {
		r.CountsInCap = *f.LostCountsInCap
	}
	if r.NoReplacement && r.CountsInCap {
		p.add(where, "[programmes.limits] lost_counts_in_cap = true avec lost_replacement = false : un carnet perdu n'est alors jamais remplacé, le compter dans le plafond ne change rien ; retirez lost_counts_in_cap, ou mettez lost_replacement = true pour remplacer un carnet perdu en le comptant dans le plafond")
	}
	return r
}

// allowance reads the accompanied cap and the extra on request: both only make sense on top of
// a per-person cap, and an accompanied person gets at least what a person alone gets.
func (p *problems) allowance(where string, f fileLimits, l *domain.Limits) {
	l.CarnetsPerPersonAccompanied, l.ExtraOnRequest = f.CarnetsPerPersonAccompanied, f.ExtraOnRequest
	switch {
	case f.CarnetsPerPersonAccompanied < 0 || f.ExtraOnRequest < 0:
		p.add(where, "[programmes.limits] carnets_per_person_accompanied = %d, extra_on_request = %d : ni l'un ni l'autre ne peut être négatif (0 = rien de plus)", f.CarnetsPerPersonAccompanied, f.ExtraOnRequest)
	case f.CarnetsPerPerson == 0 && (f.CarnetsPerPersonAccompanied > 0 || f.ExtraOnRequest > 0):
		p.add(where, "[programmes.limits] carnets_per_person_accompanied ou extra_on_request sans carnets_per_person : sans plafond par personne il n'y a rien à augmenter ; indiquez carnets_per_person (ex. 1 pour une personne venue seule)")
	case f.CarnetsPerPersonAccompanied > 0 && f.CarnetsPerPersonAccompanied < f.CarnetsPerPerson:
		p.add(where, "[programmes.limits] carnets_per_person_accompanied = %d est inférieur à carnets_per_person = %d : une personne accompagnée par un conseiller reçoit au moins autant qu'une personne venue seule", f.CarnetsPerPersonAccompanied, f.CarnetsPerPerson)
	}
}

// target reads an optional objective of a programme (target_people, target_carnets): a number
// that is not negative; left out or 0, the figures show no objective.
func (p *problems) target(where, key string, v *int, what string) int {
	if v == nil {
		return 0
	}
	if *v < 0 {
		p.add(where, "%s = %d : un objectif ne peut pas être négatif (nombre %s ; retirez la clé s'il n'y en a pas)", key, *v, what)
		return 0
	}
	return *v
}

func (p *problems) labels(where string, fs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range fs {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			p.add(where, "recognised_labels contient un label vide : retirez-le")
		case seen[strings.ToLower(l)]:
			p.add(where, "le label « %s » est écrit deux fois dans recognised_labels", l)
		default:
			seen[strings.ToLower(l)] = true
			out = append(out, l)
		}
	}
	return out
}

func (p *problems) funders(where string, fs []fileFunder) []domain.Funder {
	if len(fs) == 0 {
		p.add(where, "aucun financeur : ajoutez des [[programmes.funders]] (name, share_percent) dont les parts font 100 %%")
		return nil
	}
	out := make([]domain.Funder, 0, len(fs))
	sum := 0
	var parts []string
	seen := map[string]bool{}
	for i, f := range fs {
		x := domain.Funder{Name: strings.TrimSpace(f.Name), SharePercent: f.SharePercent}
		fw := fmt.Sprintf("%s, financeur n° %d", where, i+1)
		if x.Name == "" {
			p.add(fw, "name manquant : indiquez le nom du financeur, ex. name = \"État\"")
		} else if seen[x.Name] {
			p.add(fw, "le financeur « %s » est déclaré deux fois : additionnez ses parts dans une seule entrée", x.Name)
		}
		seen[x.Name] = true
		if x.SharePercent <= 0 || x.SharePercent > 100 {
			p.add(fw, "share_percent = %d : une part va de 1 à 100 %%", x.SharePercent)
		}
		sum += x.SharePercent
		parts = append(parts, fmt.Sprintf("%s %d", x.Name, x.SharePercent))
		out = append(out, x)
	}
	if sum != 100 {
		p.add(where, "les parts des financeurs font %d %%, elles doivent faire 100 %% (%s) : corrigez les share_percent", sum, strings.Join(parts, " + "))
	}
	return out
}

func (p *problems) publics(where string, fs []filePublic, communes []domain.Commune) []domain.Public {
	if len(fs) == 0 {
		p.add(where, "aucun public : déclarez au moins un [[programmes.publics]] (id, name et ses critères : age_min, age_max, max_diploma, statuses, residence…)")
		return nil
	}
	out := make([]domain.Public, 0, len(fs))
	first := map[string]int{}
	for i, f := range fs {
		x := domain.Public{
			ID: strings.TrimSpace(f.ID), Name: strings.TrimSpace(f.Name),
			AgeMin: f.AgeMin, AgeMax: f.AgeMax, MaxDiploma: domain.Diploma(strings.TrimSpace(f.MaxDiploma)),
			Residence: domain.Residence(strings.TrimSpace(f.Residence)), MaxQuotientFamilial: f.MaxQuotientFamilial,
			Proof: strings.TrimSpace(f.Proof),
		}
		pw := where + ", " + item("public", i, x.ID)
		p.checkID(pw, x.ID, "jeune")
		if j, dup := first[x.ID]; dup && x.ID != "" {
			p.add(pw, "id déclaré deux fois dans ce programme (publics n° %d et n° %d)", j+1, i+1)
		} else {
			first[x.ID] = i
		}
		if x.Name == "" {
			p.add(pw, "name manquant : indiquez le libellé montré à l'accueil, ex. name = \"Jeunes 16–25 ans\"")
		}
		if x.AgeMin != nil && (*x.AgeMin < 0 || *x.AgeMin > 130) {
			p.add(pw, "age_min = %d : un âge va de 0 à 130", *x.AgeMin)
		}
		if x.AgeMax != nil && (*x.AgeMax < 0 || *x.AgeMax > 130) {
			p.add(pw, "age_max = %d : un âge va de 0 à 130", *x.AgeMax)
		}
		if x.AgeMin != nil && x.AgeMax != nil && *x.AgeMin > *x.AgeMax {
			p.add(pw, "age_min (%d) est supérieur à age_max (%d) : aucun âge ne convient, inversez-les", *x.AgeMin, *x.AgeMax)
		}
		if x.MaxDiploma != "" && x.MaxDiploma.Rank() < 0 {
			p.add(pw, "diplôme « %s » inconnu dans max_diploma : choisissez %s", x.MaxDiploma, diplomaList())
		}
		seen := map[domain.Status]bool{}
		for _, s := range f.Statuses {
			st := domain.Status(strings.TrimSpace(s))
			switch {
			case !knownStatus(st):
				p.add(pw, "statut « %s » inconnu dans statuses : choisissez parmi %s", s, statusList())
			case seen[st]:
				p.add(pw, "le statut « %s » est écrit deux fois dans statuses", st)
			default:
				seen[st] = true
				x.Statuses = append(x.Statuses, st)
			}
		}
		switch x.Residence {
		case "":
			x.Residence = domain.ResidenceAny
		case domain.ResidenceAny:
		case domain.ResidenceTerritory:
			if len(communes) == 0 {
				p.add(pw, "residence = \"territory\" demande des [[communes]] : déclarez les communes du territoire")
			}
		case domain.ResidenceQPV:
			if !anyQPV(communes) {
				p.add(pw, "residence = \"qpv\" demande au moins un quartier prioritaire : remplissez qpv dans les [[communes]]")
			}
		default:
			p.add(pw, "residence « %s » inconnue : choisissez \"any\" (partout), \"territory\" (une commune déclarée) ou \"qpv\" (un QPV déclaré)", x.Residence)
		}
		if x.MaxQuotientFamilial != nil && *x.MaxQuotientFamilial < 0 {
			p.add(pw, "max_quotient_familial = %d : un quotient familial ne peut pas être négatif", *x.MaxQuotientFamilial)
		}
		out = append(out, x)
	}
	return out
}

func hasCommune(cs []domain.Commune, insee string) bool {
	for _, c := range cs {
		if c.INSEE == insee {
			return true
		}
	}
	return false
}

func hasPrescriber(ps []domain.Prescriber, id string) bool {
	for _, x := range ps {
		if x.ID == id {
			return true
		}
	}
	return false
}

func anyQPV(cs []domain.Commune) bool {
	for _, c := range cs {
		if len(c.QPV) > 0 {
			return true
		}
	}
	return false
}

func knownRole(r domain.Role) bool {
	for _, x := range domain.Roles {
		if x == r {
			return true
		}
	}
	return false
}

func knownStatus(s domain.Status) bool {
	for _, x := range domain.Statuses {
		if x.Code == s {
			return true
		}
	}
	return false
}

func roleList() string {
	names := make([]string, len(domain.Roles))
	for i, r := range domain.Roles {
		names[i] = string(r)
	}
	return orList(names)
}

func diplomaList() string {
	names := make([]string, len(domain.Diplomas))
	for i, d := range domain.Diplomas {
		names[i] = string(d)
	}
	return orList(names)
}

func statusList() string {
	names := make([]string, len(domain.Statuses))
	for i, s := range domain.Statuses {
		names[i] = fmt.Sprintf("%s (%s)", s.Code, s.Label)
	}
	return strings.Join(names, ", ")
}

func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " ou " + names[len(names)-1]
}

func userIDs(us []domain.User) string {
	ids := make([]string, 0, len(us))
	for _, u := range us {
		if u.ID != "" {
			ids = append(ids, u.ID)
		}
	}
	return noneIfEmpty(ids)
}

func prescriberIDs(ps []domain.Prescriber) string {
	ids := make([]string, 0, len(ps))
	for _, x := range ps {
		if x.ID != "" {
			ids = append(ids, x.ID)
		}
	}
	return "ids déclarés : " + noneIfEmpty(ids)
}

func inseeList(cs []domain.Commune) string {
	const shown = 12 // a département has hundreds: the message names a few
	codes := make([]string, 0, min(len(cs), shown+1))
	for _, c := range cs {
		if c.INSEE != "" {
			if len(codes) == shown {
				codes = append(codes, fmt.Sprintf("… (%d communes en tout)", len(cs)))
				break
			}
			codes = append(codes, c.INSEE+" "+c.Name)
		}
	}
	return "codes déclarés : " + noneIfEmpty(codes)
}

// territoryOf keeps how the territory was named, for check-config.
func territoryOf(t *fileTerritory) geo.Territory {
	if t == nil {
		return geo.Territory{}
	}
	return geo.Territory{EPCI: strings.TrimSpace(t.EPCI), Departement: strings.TrimSpace(t.Departement),
		Region: strings.TrimSpace(t.Region), Communes: t.Communes}
}

func noneIfEmpty(xs []string) string {
	if len(xs) == 0 {
		return "aucun"
	}
	return strings.Join(xs, ", ")
}

// intOr is *v, or def when the key is absent.
func intOr(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}

// calendarDays checks the APTIC calendar of a programme: alert, then stop, then last call,
// each a positive number of days before the end, in that order.
func (p *problems) calendarDays(where string, x domain.Programme) {
	ok := true
	for _, k := range []struct {
		key  string
		v    int
		def  int
		what string
	}{
		{"alert_days", x.AlertDays, domain.AlertDays, "l'alerte"},
		{"stop_days", x.StopDays, domain.DistributionStopDays, "l'arrêt de la distribution"},
		{"last_call_days", x.LastCallDays, domain.LastCallDays, "le dernier appel"},
	} {
		if k.v < 1 {
			p.add(where, "%s = %d : %s se donne en jours avant la fin, au moins 1 (APTIC : %d)", k.key, k.v, k.what, k.def)
			ok = false
		}
	}
	if ok && !(x.AlertDays > x.StopDays && x.StopDays > x.LastCallDays) {
		p.add(where, "alert_days = %d, stop_days = %d, last_call_days = %d : le calendrier doit aller de l'alerte à l'arrêt puis au dernier appel, donc alert_days > stop_days > last_call_days (APTIC : 30, 15, 7)",
			x.AlertDays, x.StopDays, x.LastCallDays)
	}
}
