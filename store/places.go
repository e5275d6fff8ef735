package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"passnum/domain"
)

const placeColumns = `id, pivot, name, commune, postal_code, insee, address, lat, lon, phone, email, website, hours, summary,
	services, labels, modalities, support, cost, itinerant, updated_at, qualified, pmr, needs, needs_set, levels, serves`

func scanPlace(row interface{ Scan(...any) error }) (domain.Place, error) {
	var p domain.Place
	var lat, lon sql.NullFloat64
	var services, labels, modalities, support, needs, levels, serves, updated string
	var itinerant, qualified, pmr, needsSet int
	err := row.Scan(&p.ID, &p.Pivot, &p.Name, &p.Commune, &p.PostalCode, &p.INSEE, &p.Address, &lat, &lon, &p.Phone, &p.Email, &p.Website, &p.Hours, &p.Summary,
		&services, &labels, &modalities, &support, &p.Cost, &itinerant, &updated, &qualified, &pmr, &needs, &needsSet, &levels, &serves)
	if err != nil {
		return p, err
	}
	p.Lat, p.Lon, p.HasCoords = lat.Float64, lon.Float64, lat.Valid && lon.Valid
	p.Itinerant, p.Qualified, p.PMR, p.NeedsSet = itinerant == 1, qualified == 1, pmr == 1, needsSet == 1
	p.UpdatedAt, _ = time.Parse("2006-01-02", updated)
	for _, f := range []struct {
		src string
		dst any
	}{{services, &p.Services}, {labels, &p.Labels}, {modalities, &p.Modalities}, {support, &p.Support}, {needs, &p.Needs}, {levels, &p.Levels}, {serves, &p.Serves}} {
		if f.src == "[]" || f.src == "" {
			continue // most lists are empty: decoding them was most of the cost of 5 000 places
		}
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return p, fmt.Errorf("lieu %s : %w", p.ID, err)
		}
	}
	return p, nil
}

func js(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// ImportResult counts what an import did.
type ImportResult struct{ Added, Updated int }

// UpsertPlaces writes imported places by id in one transaction. Published fields are replaced;
// what a coordinator set locally (qualification, pmr, needs, levels, communes served) is kept.
func (s *Store) UpsertPlaces(ctx context.Context, by domain.User, places []domain.Place) (ImportResult, error) {
	var res ImportResult
	if err := domain.Authorize(by, domain.ActManagePlaces, domain.Scope{}); err != nil {
		return res, err
	}
	now := s.now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range places {
			var exists int
			if err := tx.QueryRow(`SELECT count(*) FROM place WHERE id = ?`, p.ID).Scan(&exists); err != nil {
				return err
			}
			var lat, lon any
			if p.HasCoords {
				lat, lon = p.Lat, p.Lon
			}
			needs := p.Needs
			if len(needs) == 0 {
				needs = domain.NeedsFromServices(p.Services)
			}
			_, err := tx.Exec(`INSERT INTO place(id, pivot, name, norm_name, commune, postal_code, insee, address, lat, lon, phone, email, website, hours, summary,
				services, labels, modalities, support, cost, itinerant, updated_at, qualified, pmr, needs, levels, serves)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
				ON CONFLICT(id) DO UPDATE SET pivot=excluded.pivot, name=excluded.name, norm_name=excluded.norm_name, commune=excluded.commune,
				postal_code=excluded.postal_code, insee=excluded.insee, address=excluded.address, lat=excluded.lat, lon=excluded.lon,
				phone=excluded.phone, email=excluded.email, website=excluded.website, hours=excluded.hours, summary=excluded.summary,
				services=excluded.services, labels=excluded.labels, modalities=excluded.modalities, support=excluded.support,
				cost=excluded.cost, itinerant=excluded.itinerant, updated_at=excluded.updated_at,
				qualified = CASE WHEN qualified_set THEN qualified ELSE excluded.qualified END,
				pmr = CASE WHEN pmr_set THEN pmr ELSE excluded.pmr END,
				needs = CASE WHEN needs_set THEN needs ELSE excluded.needs END,
				serves = CASE WHEN serves = '[]' THEN excluded.serves ELSE serves END`,
				p.ID, p.Pivot, p.Name, domain.Normalize(p.Name), p.Commune, p.PostalCode, p.INSEE, p.Address, lat, lon, p.Phone, p.Email, p.Website, p.Hours, p.Summary,
				js(p.Services), js(p.Labels), js(p.Modalities), js(p.Support), p.Cost, boolInt(p.Itinerant), dateOrEmpty(p.UpdatedAt),
				boolInt(p.Qualified), boolInt(p.PMR), js(needs), js(p.Levels), js(p.Serves))
			if err != nil {
				return err
			}
			action := "place.add"
			if exists == 1 {
				res.Updated++
				action = "place.update"
			} else {
				res.Added++
			}
			if err := audit(tx, now, by.ID, action, "place", p.ID, "", p.Name, "import"); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// PlaceChanges are a coordinator's local edits; nil fields are left as they are.
type PlaceChanges struct {
	Qualified *bool
	PMR       *bool
	Levels    *[]domain.Level
	Needs     *[]domain.Need
	Serves    *[]string
}

// SetPlace applies a coordinator's local edits to a place; they survive later imports.
func (s *Store) SetPlace(ctx context.Context, by domain.User, id string, ch PlaceChanges) (domain.Place, error) {
	if err := domain.Authorize(by, domain.ActManagePlaces, domain.Scope{}); err != nil {
		return domain.Place{}, err
	}
	now := s.now()
	var out domain.Place
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.placeTx(tx, id)
		if err != nil {
			return err
		}
		var sets []string
		var args []any
		if ch.Qualified != nil {
			sets, args = append(sets, "qualified = ?, qualified_set = 1"), append(args, boolInt(*ch.Qualified))
		}
		if ch.PMR != nil {
			sets, args = append(sets, "pmr = ?, pmr_set = 1"), append(args, boolInt(*ch.PMR))
		}
		if ch.Levels != nil {
			sets, args = append(sets, "levels = ?"), append(args, js(*ch.Levels))
		}
		if ch.Needs != nil {
			sets, args = append(sets, "needs = ?, needs_set = 1"), append(args, js(*ch.Needs))
		}
		if ch.Serves != nil {
			sets, args = append(sets, "serves = ?"), append(args, js(*ch.Serves))
		}
		if len(sets) == 0 {
			return domain.Errorf(domain.KindInvalid, "rien à changer : indiquez --qualified, --levels, --needs, --pmr ou --serves")
		}
		if _, err := tx.Exec(`UPDATE place SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
			return err
		}
		if out, err = s.placeTx(tx, id); err != nil {
			return err
		}
		return audit(tx, now, by.ID, "place.set", "place", id, placeDigest(before), placeDigest(out), "")
	})
	return out, err
}

func placeDigest(p domain.Place) string {
	return fmt.Sprintf("qualifie=%v pmr=%v niveaux=%v besoins=%v communes=%v", p.Qualified, p.PMR, p.Levels, p.Needs, p.Serves)
}

func (s *Store) placeTx(tx *sql.Tx, id string) (domain.Place, error) {
	p, err := scanPlace(tx.QueryRow(`SELECT `+placeColumns+` FROM place WHERE id = ?`, id))
	return p, notFound(err, "lieu %q introuvable (passnum places list donne les identifiants)", id)
}

// placeBrief is what a redemption needs of a place: its name and whether it is qualified.
func placeBrief(ctx context.Context, q querier, id string) (domain.Place, error) {
	var p domain.Place
	var qualified int
	err := q.QueryRowContext(ctx, `SELECT id, name, qualified FROM place WHERE id = ?`, id).Scan(&p.ID, &p.Name, &qualified)
	p.Qualified = qualified == 1
	return p, notFound(err, "lieu %q introuvable (passnum places list donne les identifiants)", id)
}

// Place returns one place.
func (s *Store) Place(ctx context.Context, id string) (domain.Place, error) {
	p, err := scanPlace(s.read.QueryRowContext(ctx, `SELECT `+placeColumns+` FROM place WHERE id = ?`, id))
	return p, notFound(err, "lieu %q introuvable (passnum places list donne les identifiants)", id)
}

// Places lists every place by name.
func (s *Store) Places(ctx context.Context) ([]domain.Place, error) {
	return s.queryPlaces(ctx, `SELECT `+placeColumns+` FROM place ORDER BY norm_name, id`)
}

// CandidatePlaces lists the places an orientation can recommend: qualified, or bearing some
// label. The others — most of a national import — are only counted: no label, no candidate.
func (s *Store) CandidatePlaces(ctx context.Context) (places []domain.Place, others int, err error) {
	if places, err = s.queryPlaces(ctx, `SELECT `+placeColumns+` FROM place WHERE qualified = 1 OR labels <> '[]' ORDER BY norm_name, id`); err != nil {
		return nil, 0, err
	}
	err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM place WHERE NOT (qualified = 1 OR labels <> '[]')`).Scan(&others)
	return places, others, err
}

// FindPlaces finds places whose name contains text, accents and case ignored.
func (s *Store) FindPlaces(ctx context.Context, text string, limit int) ([]domain.Place, error) {
	n := domain.Normalize(text)
	if n == "" {
		return nil, nil
	}
	return s.queryPlaces(ctx, `SELECT `+placeColumns+` FROM place WHERE instr(norm_name, ?) > 0 ORDER BY norm_name LIMIT ?`, n, limit)
}

func (s *Store) queryPlaces(ctx context.Context, q string, args ...any) ([]domain.Place, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
