package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"passnum/domain"
)

// BenchSpec describes the benchmark ledger: at scale 1, a year of a large territory — 200 000
// people, 100 000 carnets, 60 000 handed over, 300 000 chèques used (half in collective
// workshops, half in individual accompaniments), 9 months of claims, 45 750 diagnostics, 5 000
// places, about 1.2 million audit rows. The same spec always gives the same ledger.
type BenchSpec struct {
	Scale         float64
	Seed          uint64
	Today         time.Time // the ledger leads up to this day, which has its own sessions
	HotPlace      string    // the place whose trainer's day and month benchmarks read
	HotPrescriber string    // the prescriber whose bilan benchmarks read
	Prescribers   []string  // every prescriber that receives carnets; HotPrescriber first
	Trainer       string    // the trainer at HotPlace, as sessions record it
}

// BenchSummary says what the generator built, for benchmarks to pick their targets.
type BenchSummary struct {
	People, Places, Carnets, Cheques, Issued, Used int
	Sessions, SheetLines, Claims, Diagnostics      int
	Audit                                          int
	// FreeCheques are usable chèques of distinct holders who are on no sheet today: scanning or
	// redeeming them is what a trainer does next.
	FreeCheques []string
	// UsedCheque is a chèque redeemed at HotPlace; FreePerson a registered holder name.
	UsedCheque string
	PersonName string
	Elapsed    time.Duration
}

// The ledger is written by a bulk path: straight inserts in large transactions, each row in the
// state the store's own write paths would have left it, with its audit row. It checks nothing
// the rules would check — the plan below is built to obey them (one live redemption per chèque,
// one chèque per person per session, capacities, validity, claims once) — and the database's
// constraints, integrity_check and foreign_key_check confirm it at the end.
type benchGen struct {
	s     *Store
	spec  BenchSpec
	r     *rand.Rand
	sum   BenchSummary
	audit *sql.Stmt
	tx    *sql.Tx
}

func n(scale float64, full int) int { return max(1, int(float64(full)*scale+0.5)) }

// BuildBenchLedger fills an empty store with the benchmark ledger.
func (s *Store) BuildBenchLedger(ctx context.Context, spec BenchSpec) (BenchSummary, error) {
	start := time.Now()
	if len(s.opts.Programmes) == 0 || len(s.opts.Communes) == 0 || spec.HotPlace == "" || len(spec.Prescribers) == 0 {
		return BenchSummary{}, fmt.Errorf("bench ledger: programmes, communes, a hot place and prescribers are needed")
	}
	var existing int
	if err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM person`).Scan(&existing); err != nil || existing > 0 {
		return BenchSummary{}, fmt.Errorf("bench ledger: the store must be empty (%d people, %v)", existing, err)
	}
	g := &benchGen{s: s, spec: spec, r: rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15))}
	steps := []func(context.Context) error{g.places, g.people, g.carnetsAndUse, g.diagnostics}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return g.sum, err
		}
	}
	for _, pragma := range []string{`PRAGMA integrity_check`, `PRAGMA foreign_key_check`} {
		rows, err := s.write.QueryContext(ctx, pragma)
		if err != nil {
			return g.sum, err
		}
		var problems []string
		for rows.Next() {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			if line := fmt.Sprint(vals...); line != "ok" {
				problems = append(problems, line)
			}
		}
		rows.Close()
		if len(problems) > 0 {
			return g.sum, fmt.Errorf("bench ledger: %s: %v", pragma, problems)
		}
	}
	if _, err := s.write.ExecContext(ctx, `ANALYZE`); err != nil {
		return g.sum, err
	}
	s.write.QueryRowContext(ctx, `SELECT count(*) FROM audit`).Scan(&g.sum.Audit)
	g.sum.Elapsed = time.Since(start)
	return g.sum, nil
}

// batch runs fn in one write transaction with a prepared audit statement.
func (g *benchGen) batch(ctx context.Context, fn func() error) error {
	return g.s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.Prepare(`INSERT INTO audit(at, user_id, action, entity, entity_id, before, after, detail) VALUES (?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		g.tx, g.audit = tx, st
		return fn()
	})
}

func (g *benchGen) log(at time.Time, user, action, entity, id, before, after, detail string) error {
	_, err := g.audit.Exec(ts(at), user, action, entity, id, before, after, detail)
	return err
}

func (g *benchGen) prepare(q string) (*sql.Stmt, error) { return g.tx.Prepare(q) }

func (g *benchGen) places(ctx context.Context) error {
	// A national import: 5 000 places, of which the territory's programme qualifies one in fifty.
	count := n(g.spec.Scale, 5000)
	var places []domain.Place
	for i := 0; i < count; i++ {
		id := fmt.Sprintf("lieu-%05d", i)
		if i == 0 {
			id = g.spec.HotPlace
		}
		c := g.s.opts.Communes[i%len(g.s.opts.Communes)]
		places = append(places, domain.Place{ID: id, Name: fmt.Sprintf("Espace numérique %d", i), Commune: c.Name, INSEE: c.INSEE,
			PostalCode: "60100", Address: fmt.Sprintf("%d rue de la République", 1+i%90), Lat: c.Lat, Lon: c.Lon,
			Services: []string{domain.SvcAdmin}, Qualified: i%50 == 0, UpdatedAt: g.spec.Today.AddDate(0, -2, 0)})
	}
	coord := domain.User{ID: "coord", Name: "Coordination", Role: domain.RoleCoordination}
	if _, err := g.s.UpsertPlaces(ctx, coord, places); err != nil {
		return err
	}
	g.sum.Places = count
	return nil
}

var (
	benchLast  = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Diallo", "Benali", "Nguyen", "Lefèvre", "Girard", "Haddad", "Traoré", "Mercier", "Faure", "Roux"}
	benchFirst = []string{"Inès", "Léa", "Mohamed", "Jean", "Chloé", "Yanis", "Aïcha", "Lucas", "Emma", "Noé", "Josiane", "Kevin", "Océane", "Awa", "Élodie"}
)

// personName is the i-th person's name: a family name and a number, so that names are unique
// and searches by prefix find realistic numbers of people.
func personName(i int) (last, first string) {
	return fmt.Sprintf("%s%d", benchLast[i%len(benchLast)], i/len(benchLast)), benchFirst[(i/7)%len(benchFirst)]
}

func (g *benchGen) people(ctx context.Context) error {
	count := n(g.spec.Scale, 200000)
	g.sum.People = count
	last, first := personName(count / 2)
	g.sum.PersonName = last + " " + first
	return g.batch(ctx, func() error {
		st, err := g.prepare(`INSERT INTO person(id, last_name, first_name, norm_last, norm_first, birth_date, commune, qpv, status, diploma, consent, created_at, created_by)
			VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < count; i++ {
			l, f := personName(i)
			c := g.s.opts.Communes[g.r.IntN(len(g.s.opts.Communes))]
			qpv := ""
			if len(c.QPV) > 0 && g.r.IntN(3) > 0 {
				qpv = c.QPV[g.r.IntN(len(c.QPV))]
			}
			// Ages 16 to 85, most people young or retired, as the publics are.
			birth := g.spec.Today.AddDate(-16-g.r.IntN(70), 0, -g.r.IntN(365))
			status := []domain.Status{domain.StatusJobSeeker, domain.StatusYouthInsert, domain.StatusRetired, domain.StatusRSA, domain.StatusOther}[g.r.IntN(5)]
			created := g.spec.Today.AddDate(0, 0, -g.r.IntN(330))
			id := int64(i + 1)
			if _, err := st.Exec(id, l, f, domain.Normalize(l), domain.Normalize(f), birth.Format("2006-01-02"), c.INSEE, qpv, status, "bac", ts(created), "accueil"); err != nil {
				return err
			}
			if err := g.log(created, "accueil", "person.add", "person", strconv.FormatInt(id, 10), "", f+" "+l, ""); err != nil {
				return err
			}
		}
		return nil
	})
}

// use is one chèque redeemed: when, by whom, and for which kind of session.
type use struct {
	cheque, programme string
	holder            int64
	at                time.Time
	collective        bool
}

func (g *benchGen) carnetsAndUse(ctx context.Context) error {
	progs := g.s.opts.Programmes
	total := n(g.spec.Scale, 100000)
	issued := n(g.spec.Scale, 60000)
	used := n(g.spec.Scale, 300000)
	perUse := float64(used) / float64(issued) // chèques used per handed carnet, on average
	var uses []use
	holder := int64(0)
	today := domain.Day(g.spec.Today)
	err := g.batch(ctx, func() error {
		insCarnet, err := g.prepare(`INSERT INTO carnet(number, programme, state, prescriber, person_id, received_at, allocated_at, issued_at, public) VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insCarnet.Close()
		insCheque, err := g.prepare(`INSERT INTO cheque(number, carnet, position, state) VALUES (?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insCheque.Close()
		for pi, prog := range progs {
			// The first programme runs now and takes nine carnets in ten; the others are older.
			share := total * 9 / 10
			if len(progs) == 1 {
				share = total
			} else if pi > 0 {
				share = (total - total*9/10) / (len(progs) - 1)
			}
			from := maxTime(prog.ValidFrom, today.AddDate(0, 0, -330))
			until := minTime(prog.ValidUntil.AddDate(0, 0, prog.ToleranceDays), today)
			if !until.After(from) {
				continue
			}
			received := from.Add(-24 * time.Hour)
			if err := g.log(received, "coord", "carnet.receive", "programme", prog.ID, "", string(domain.CarnetInStock), fmt.Sprintf("%d carnets", share)); err != nil {
				return err
			}
			progIssued := issued * share / total
			for i := 0; i < share; i++ {
				number := strconv.Itoa(1000000*(pi+1) + i)
				state, prescriber, person, public := domain.CarnetInStock, "", any(nil), ""
				var allocated, issuedAt time.Time
				switch {
				case i < progIssued:
					state = domain.CarnetIssued
					holder++
					person = holder
					public = prog.Publics[0].ID
					// Hand-overs spread over the period, the latest ones today.
					span := int(until.Sub(from).Hours() / 24)
					issuedAt = from.AddDate(0, 0, g.r.IntN(max(span, 1))).Add(time.Duration(9+g.r.IntN(8)) * time.Hour)
					if i%500 == 0 && prog.ValidUntil.After(today) {
						issuedAt = today.Add(time.Duration(9+g.r.IntN(8)) * time.Hour)
					}
					allocated = issuedAt.AddDate(0, 0, -7)
				case i < share*9/10:
					state = domain.CarnetAllocated
					allocated = from.AddDate(0, 0, g.r.IntN(30))
				}
				if state != domain.CarnetInStock {
					prescriber = g.spec.Prescribers[i%len(g.spec.Prescribers)]
				}
				if _, err := insCarnet.Exec(number, prog.ID, state, prescriber, person, ts(received), ts(allocated), ts(issuedAt), public); err != nil {
					return err
				}
				if state != domain.CarnetInStock {
					if err := g.log(allocated, "coord", "carnet.allocate", "carnet", number, string(domain.CarnetInStock), string(domain.CarnetAllocated), "prescripteur "+prescriber); err != nil {
						return err
					}
				}
				chequeState := domain.ChequeInactive
				k := 0
				if state == domain.CarnetIssued {
					chequeState = domain.ChequeAvailable
					if err := g.log(issuedAt, "accueil", "carnet.issue", "carnet", number, string(domain.CarnetAllocated), string(domain.CarnetIssued), fmt.Sprintf("personne %d, public %s", holder, public)); err != nil {
						return err
					}
					// Between none and twice the mean of its chèques are used, after the hand-over.
					k = min(prog.ChequesPerCarnet, g.r.IntN(int(2*perUse)+1))
				}
				for pos := 1; pos <= prog.ChequesPerCarnet; pos++ {
					ch := domain.ChequeNumber(number, pos)
					if _, err := insCheque.Exec(ch, number, pos, chequeState); err != nil {
						return err
					}
					if pos <= k {
						// People use their chèques in the three months after the hand-over.
						days := max(min(int(until.Sub(issuedAt).Hours()/24), 90), 1)
						at := domain.Day(issuedAt).AddDate(0, 0, 1+g.r.IntN(days)).Add(time.Duration(9+g.r.IntN(8)) * time.Hour)
						if at.After(until) || !at.Before(today) {
							continue
						}
						uses = append(uses, use{cheque: ch, programme: prog.ID, holder: holder, at: at, collective: g.r.IntN(2) == 0})
					}
				}
				g.sum.Carnets++
				g.sum.Cheques += prog.ChequesPerCarnet
				if state == domain.CarnetIssued {
					g.sum.Issued++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].at.Before(uses[j].at) })
	if err := g.sessions(ctx, uses); err != nil {
		return err
	}
	if err := g.today(ctx); err != nil {
		return err
	}
	return g.claims(ctx)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// sessions turns the uses into workshops and individual accompaniments with their sheets,
// redemptions, follow-ups and audit rows. A workshop takes the collective uses of one day at
// one place, at most one chèque per person; HotPlace gets its share of the month.
func (g *benchGen) sessions(ctx context.Context, uses []use) error {
	var places []string
	if err := eachRow(ctx, g.s.write, `SELECT id FROM place WHERE qualified = 1 ORDER BY id`, nil, func(r *sql.Rows) error {
		var id string
		err := r.Scan(&id)
		places = append(places, id)
		return err
	}); err != nil {
		return err
	}
	themes, _ := json.Marshal([]string{"E-mail"})
	equipment, _ := json.Marshal([]string{"Ordinateur"})
	return g.batch(ctx, func() error {
		insSession, err := g.prepare(`INSERT INTO session(id, place_id, title, themes, level, type, start_at, duration_minutes, capacity, equipment, trainer, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insSession.Close()
		insPart, err := g.prepare(`INSERT INTO participant(id, session_id, person_id, cheque, anonymous, gender, age_band, social_status, present, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insPart.Close()
		useCheque, err := g.prepare(`UPDATE cheque SET state = 'utilise', used_at = ?, place_id = ?, session_id = ? WHERE number = ? AND state = 'disponible'`)
		if err != nil {
			return err
		}
		defer useCheque.Close()
		insRedemption, err := g.prepare(`INSERT INTO redemption(cheque, place_id, session_id, user_id, at, participant_id, cancelled_at, cancel_reason) VALUES (?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insRedemption.Close()
		insFollow, err := g.prepare(`INSERT INTO follow_up(session_id, person_id, autonomy, comment, at, user_id) VALUES (?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insFollow.Close()
		var sessionN, partN int64
		newSession := func(place string, start time.Time, collective bool, lines int) (int64, string, error) {
			sessionN++
			typ, title, level, capacity := domain.SessionIndividual, domain.IndividualTitle, "", 1
			if collective {
				typ, title, level, capacity = domain.SessionCollective, "Atelier e-mail et démarches", "Débutant", max(8, lines)
			}
			trainer := "formateur-" + place
			if place == g.spec.HotPlace {
				trainer = g.spec.Trainer
			}
			if _, err := insSession.Exec(sessionN, place, title, string(themes), level, typ, ts(start), 90, capacity, string(equipment), trainer, ts(start.Add(-time.Hour))); err != nil {
				return 0, "", err
			}
			g.sum.Sessions++
			id := domain.SessionID(sessionN)
			return sessionN, trainer, g.log(start.Add(-time.Hour), trainer, "session.create", "session", id, "", string(typ), title)
		}
		redeem := func(u use, place string, session int64, trainer string) error {
			partN++
			label := domain.SessionID(session)
			if _, err := insPart.Exec(partN, session, u.holder, u.cheque, 0, "", "", "", 1, ts(u.at), trainer); err != nil {
				return err
			}
			g.sum.SheetLines++
			if err := g.log(u.at, trainer, "session.attend", "session", label, "", "", "chèque "+u.cheque); err != nil {
				return err
			}
			if g.r.IntN(100) == 0 {
				// A mistake of the day: redeemed, then cancelled, before the right redemption.
				if _, err := insRedemption.Exec(u.cheque, place, label, trainer, ts(u.at.Add(-time.Minute)), partN, ts(u.at.Add(-30*time.Second)), "scanné par erreur"); err != nil {
					return err
				}
				if err := g.log(u.at.Add(-30*time.Second), trainer, "cheque.cancel", "cheque", u.cheque, string(domain.ChequeUsed), string(domain.ChequeAvailable), "scanné par erreur"); err != nil {
					return err
				}
			}
			res, err := useCheque.Exec(ts(u.at), place, label, u.cheque)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return fmt.Errorf("bench ledger: chèque %s used twice by the plan", u.cheque)
			}
			if _, err := insRedemption.Exec(u.cheque, place, label, trainer, ts(u.at), partN, nil, nil); err != nil {
				return err
			}
			g.sum.Used++
			return g.log(u.at, trainer, "cheque.redeem", "cheque", u.cheque, string(domain.ChequeAvailable), string(domain.ChequeUsed), "lieu "+place+", séance "+label)
		}
		hotMonth := domain.Day(g.spec.Today).AddDate(0, 0, -domain.Day(g.spec.Today).Day()+1)
		hotSessions := 0
		for i := 0; i < len(uses); {
			day := domain.Day(uses[i].at)
			j := i
			for j < len(uses) && domain.Day(uses[j].at).Equal(day) {
				j++
			}
			var collective []use
			for _, u := range uses[i:j] {
				if !u.collective {
					place := places[g.r.IntN(len(places))]
					id, trainer, err := newSession(place, u.at.Add(-30*time.Minute), false, 1)
					if err != nil {
						return err
					}
					if err := redeem(u, place, id, trainer); err != nil {
						return err
					}
					continue
				}
				collective = append(collective, u)
			}
			// Workshops of about three paying participants and one anonymous or absent line.
			for len(collective) > 0 {
				size := min(len(collective), 2+g.r.IntN(3))
				group, seen := collective[:0:0], map[int64]bool{}
				var rest []use
				for _, u := range collective {
					if len(group) < size && !seen[u.holder] {
						seen[u.holder] = true
						group = append(group, u)
					} else {
						rest = append(rest, u)
					}
				}
				collective = rest
				place := places[g.r.IntN(len(places))]
				if !day.Before(hotMonth) && hotSessions < 8 {
					place = g.spec.HotPlace
					hotSessions++
				}
				start := day.Add(14 * time.Hour)
				id, trainer, err := newSession(place, start, true, len(group)+1)
				if err != nil {
					return err
				}
				for _, u := range group {
					u.at = start.Add(time.Duration(10+g.r.IntN(80)) * time.Minute)
					if err := redeem(u, place, id, trainer); err != nil {
						return err
					}
					if g.r.IntN(5) == 0 {
						if _, err := insFollow.Exec(id, u.holder, domain.CoopAutonomy[g.r.IntN(len(domain.CoopAutonomy))], "", ts(start.Add(2*time.Hour)), trainer); err != nil {
							return err
						}
					}
				}
				partN++
				gender := []string{"Féminin", "Masculin", "Non communiqué"}[g.r.IntN(3)]
				if _, err := insPart.Exec(partN, id, nil, nil, 1, gender, "60-69", "Retraité", g.r.IntN(4) > 0, ts(start), trainer); err != nil {
					return err
				}
				g.sum.SheetLines++
			}
			i = j
		}
		return nil
	})
}

// today gives HotPlace a workshop this afternoon and leaves FreeCheques to scan: usable chèques
// of holders who are on no sheet today.
func (g *benchGen) today(ctx context.Context) error {
	day := domain.Day(g.spec.Today)
	rows, err := g.s.write.QueryContext(ctx, `SELECT min(ch.number) FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		WHERE ch.state = 'disponible' AND c.state = 'remis' AND c.programme = ? GROUP BY c.person_id ORDER BY c.person_id LIMIT 5000`, g.s.opts.Programmes[0].ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var ch string
		if err := rows.Scan(&ch); err != nil {
			rows.Close()
			return err
		}
		g.sum.FreeCheques = append(g.sum.FreeCheques, ch)
	}
	rows.Close()
	if err := g.s.write.QueryRowContext(ctx, `SELECT cheque FROM redemption WHERE place_id = ? AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1`, g.spec.HotPlace).Scan(&g.sum.UsedCheque); err != nil {
		return fmt.Errorf("bench ledger: no redemption at %s: %w", g.spec.HotPlace, err)
	}
	themes, _ := json.Marshal([]string{"E-mail"})
	return g.batch(ctx, func() error {
		start := day.Add(14 * time.Hour)
		res, err := g.tx.Exec(`INSERT INTO session(place_id, title, themes, level, type, start_at, duration_minutes, capacity, equipment, trainer, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			g.spec.HotPlace, "Créer son adresse e-mail", string(themes), "Débutant", domain.SessionCollective, ts(start), 90, 12, `["Ordinateur"]`, g.spec.Trainer, ts(day.Add(8*time.Hour)))
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		g.sum.Sessions++
		return g.log(day.Add(8*time.Hour), g.spec.Trainer, "session.create", "session", domain.SessionID(id), "", string(domain.SessionCollective), "Créer son adresse e-mail")
	})
}

// claims prepares, for every place and month before the current one, the claim of the chèques
// used there; claims of two months ago and older are paid.
func (g *benchGen) claims(ctx context.Context) error {
	type key struct{ place, month string }
	type item struct {
		cheque, programme, used, session string
	}
	byKey := map[key][]item{}
	var keys []key
	thisMonth := domain.Day(g.spec.Today).AddDate(0, 0, -domain.Day(g.spec.Today).Day()+1)
	err := eachRow(ctx, g.s.write, `SELECT ch.number, c.programme, ch.used_at, ch.session_id, ch.place_id FROM cheque ch JOIN carnet c ON c.number = ch.carnet
		WHERE ch.state = 'utilise' AND ch.used_at < ? ORDER BY ch.place_id, ch.used_at`, []any{ts(thisMonth)}, func(r *sql.Rows) error {
		var it item
		var place string
		if err := r.Scan(&it.cheque, &it.programme, &it.used, &it.session, &place); err != nil {
			return err
		}
		k := key{place, parseTS(it.used).Local().Format("2006-01")}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], it)
		return nil
	})
	if err != nil {
		return err
	}
	return g.batch(ctx, func() error {
		insItem, err := g.prepare(`INSERT INTO claim_item(claim_id, cheque, programme, value_cents, used_at, session_id) VALUES (?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer insItem.Close()
		repay, err := g.prepare(`UPDATE cheque SET state = 'rembourse' WHERE number = ? AND state = 'utilise'`)
		if err != nil {
			return err
		}
		defer repay.Close()
		for _, k := range keys {
			items := byKey[k]
			month, _ := time.ParseInLocation("2006-01", k.month, time.Local)
			prepared := month.AddDate(0, 1, 2).Add(10 * time.Hour)
			paid := !month.After(thisMonth.AddDate(0, -2, 0))
			var total int64
			var claimItems []domain.ClaimItem
			for _, it := range items {
				prog, err := g.s.programme(it.programme)
				if err != nil {
					return err
				}
				total += int64(prog.ChequeValueCents)
				claimItems = append(claimItems, domain.ClaimItem{Cheque: it.cheque, Programme: it.programme, ValueCents: int64(prog.ChequeValueCents)})
			}
			state, paidAt, paidBy := domain.ClaimPrepared, "", ""
			if paid {
				state, paidAt, paidBy = domain.ClaimPaid, ts(prepared.AddDate(0, 0, 20)), "coord"
			}
			res, err := g.tx.Exec(`INSERT INTO claim(place_id, month, state, cheques, amount_cents, prepared_at, prepared_by, paid_at, paid_by) VALUES (?,?,?,?,?,?,?,?,?)`,
				k.place, k.month, state, len(items), total, ts(prepared), "coord", paidAt, paidBy)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			for _, it := range items {
				prog, _ := g.s.programme(it.programme)
				if _, err := insItem.Exec(id, it.cheque, it.programme, prog.ChequeValueCents, it.used, it.session); err != nil {
					return err
				}
				if paid {
					if _, err := repay.Exec(it.cheque); err != nil {
						return err
					}
				}
			}
			shares, err := domain.ClaimShares(claimItems, g.s.opts.Programmes)
			if err != nil {
				return err
			}
			for _, sh := range shares {
				if _, err := g.tx.Exec(`INSERT INTO claim_share(claim_id, programme, funder, share_percent, amount_cents) VALUES (?,?,?,?,?)`, id, sh.Programme, sh.Funder, sh.SharePercent, sh.AmountCents); err != nil {
					return err
				}
			}
			if err := g.log(prepared, "coord", "claim.prepare", "claim", domain.ClaimID(id), "", string(domain.ClaimPrepared), fmt.Sprintf("%s, %s : %d chèque(s)", k.place, k.month, len(items))); err != nil {
				return err
			}
			if paid {
				if err := g.log(prepared.AddDate(0, 0, 20), "coord", "claim.paid", "claim", domain.ClaimID(id), string(domain.ClaimPrepared), string(domain.ClaimPaid), ""); err != nil {
					return err
				}
			}
			g.sum.Claims++
		}
		return nil
	})
}

// diagnostics saves front-desk diagnostics as the desk does: the answers and the result shown,
// recommendations and their reasons, without the places the orientation set aside.
func (g *benchGen) diagnostics(ctx context.Context) error {
	count := n(g.spec.Scale, 45750)
	input, _ := json.Marshal(map[string]any{"motive": "B06", "answers": []int{1, 2, 0, 3, 1, 2, 1, 0, 2, 1, 3, 2, 1, 0}})
	result, _ := json.Marshal(map[string]any{"profile": "en_progression", "needs": []string{"B06", "B02", "B01"},
		"recommendations": []map[string]any{{"place_id": g.spec.HotPlace, "name": "Espace numérique 0", "score": 18, "reasons": []string{"propose l'aide à l'emploi", "à 0,2 km"}}}})
	g.sum.Diagnostics = count
	return g.batch(ctx, func() error {
		st, err := g.prepare(`INSERT INTO diagnostic(person_id, at, user_id, input, result) VALUES (?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < count; i++ {
			at := g.spec.Today.AddDate(0, 0, -g.r.IntN(300))
			if i%200 == 0 {
				at = domain.Day(g.spec.Today).Add(time.Duration(9+g.r.IntN(8)) * time.Hour)
			}
			person := int64(1 + g.r.IntN(g.sum.People))
			res, err := st.Exec(person, ts(at), "accueil", string(input), string(result))
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if err := g.log(at, "accueil", "diagnostic.save", "diagnostic", strconv.FormatInt(id, 10), "", "", fmt.Sprintf("personne %d", person)); err != nil {
				return err
			}
		}
		return nil
	})
}
