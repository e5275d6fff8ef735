package placecsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"passnum/domain"
)

// Parse reads a « Lieux de médiation numérique » CSV file, v1 or v0.1, and returns the places of
// its valid lines and one problem per bad field, in file order. err is a *domain.Error of kind
// KindInvalid when the file as a whole cannot be read (not a UTF-8 CSV, wrong separator, unknown
// header, missing required column); then no place is returned.
func Parse(r io.Reader) (places []domain.Place, problems []Problem, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &domain.Error{Kind: domain.KindInternal, Message: "lecture du fichier des lieux impossible", Err: err}
	}
	if data, err = checkEncoding(data); err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // a line with a wrong field count is a problem of that line, not of the file
	record, err := cr.Read()
	if err != nil {
		return nil, nil, csvError(err)
	}
	h, err := readHeader(record, firstLine(data))
	if err != nil {
		return nil, nil, err
	}
	firstID := map[string]int{}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if blank(record) {
			// Spreadsheets append rows of bare commas; they carry no place.
			continue
		}
		if len(record) != len(h.names) {
			problems = append(problems, Problem{Line: line, Message: fmt.Sprintf(
				"%d colonnes au lieu de %d : une virgule en trop ou en moins, ou un champ contenant une virgule sans être entre guillemets",
				len(record), len(h.names))})
			continue
		}
		rw := &row{line: line, h: h, record: record}
		p := rw.place()
		if p.ID != "" {
			if first, dup := firstID[p.ID]; dup {
				rw.add("id", p.ID, "identifiant déjà utilisé ligne %d : chaque lieu doit avoir un id unique dans le fichier", first)
			} else {
				firstID[p.ID] = line
			}
		}
		problems = append(problems, rw.problems...)
		if len(rw.problems) == 0 {
			places = append(places, p)
		}
	}
	return places, problems, nil
}

const saveAsCSV = "enregistrez-le depuis le tableur au format « CSV UTF-8 (délimité par des virgules) »"

func invalid(format string, args ...any) error {
	return domain.Errorf(domain.KindInvalid, format, args...)
}

// checkEncoding refuses what is not UTF-8 text, naming the usual culprit (a spreadsheet export),
// and drops a UTF-8 byte order mark, which Excel writes and the standard does not expect.
func checkEncoding(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, invalid("fichier encodé en UTF-16 (« Texte Unicode ») alors que le standard attend de l'UTF-8 : %s", saveAsCSV)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, invalid("ce fichier n'est pas un CSV mais un classeur (.xlsx ou .ods) : %s", saveAsCSV)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, invalid("fichier vide : il faut au moins la ligne d'en-tête (id,pivot,nom,…) et une ligne par lieu")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, invalid("ce fichier n'est pas un CSV (il contient des données binaires) : %s", saveAsCSV)
	}
	if !utf8.Valid(data) {
		line := 1
		for len(data) > 0 {
			r, size := utf8.DecodeRune(data)
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			data = data[size:]
		}
		return nil, invalid("ligne %d : le fichier n'est pas encodé en UTF-8 (sans doute Windows-1252, celui des exports Excel « CSV (séparateur : point-virgule) ») ; %s", line, saveAsCSV)
	}
	return data, nil
}

func csvError(err error) error {
	if errors.Is(err, io.EOF) {
		return invalid("fichier vide : il faut au moins la ligne d'en-tête (id,pivot,nom,…) et une ligne par lieu")
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &domain.Error{Kind: domain.KindInternal, Message: "lecture du fichier des lieux impossible", Err: err}
	}
	var e *domain.Error
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e = domain.Errorf(domain.KindInvalid, "ligne %d : guillemet « \" » au milieu d'un champ non protégé ; entourez tout le champ de guillemets et doublez ceux qu'il contient (\"\")", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		e = domain.Errorf(domain.KindInvalid, "ligne %d : guillemet mal fermé dans le champ commencé ligne %d ; chaque champ ouvert par « \" » doit se fermer par « \" », et les guillemets qu'il contient doivent être doublés (\"\")", pe.Line, pe.StartLine)
	default:
		e = domain.Errorf(domain.KindInvalid, "ligne %d : CSV mal formé ; %s", pe.Line, saveAsCSV)
	}
	e.Err = err
	return e
}

func firstLine(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return strings.TrimSuffix(string(data), "\r")
}

func blank(record []string) bool {
	for _, f := range record {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// header maps the file's columns, matched by name whatever their order.
type header struct {
	version Version
	names   []string
	index   map[string]int
}

// columnName folds a header cell so « Code postal » or « code-postal » still name code_postal.
func columnName(s string) string {
	return strings.ReplaceAll(domain.Normalize(strings.Trim(s, "\ufeff")), " ", "_")
}

var known = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range v1Columns {
		m[c] = true
	}
	for _, c := range v01Columns {
		m[c] = true
	}
	return m
})

func countKnown(names []string) int {
	n := 0
	for _, c := range names {
		if known()[columnName(c)] {
			n++
		}
	}
	return n
}

func readHeader(record []string, raw string) (*header, error) {
	h := &header{index: map[string]int{}}
	for i, c := range record {
		name := columnName(c)
		h.names = append(h.names, name)
		if name == "" {
			continue
		}
		if j, dup := h.index[name]; dup {
			return nil, invalid("colonne en double dans l'en-tête : %s (colonnes %d et %d) ; supprimez ou renommez l'une des deux", name, j+1, i+1)
		}
		h.index[name] = i
	}
	if countKnown(h.names) < 2 {
		// With another delimiter the whole header lands in one comma-separated cell.
		for _, sep := range []struct{ char, name string }{{";", "des points-virgules (« ; »)"}, {"\t", "des tabulations"}} {
			if countKnown(strings.Split(strings.ReplaceAll(raw, `"`, ""), sep.char)) >= 2 {
				return nil, invalid("séparateur non reconnu : le fichier semble séparé par %s alors que le standard attend des virgules ; %s (seules les valeurs multiples d'un champ se séparent par « | »)", sep.name, saveAsCSV)
			}
		}
		return nil, invalid("en-tête non reconnu : la ligne 1 doit nommer les colonnes du standard « Lieux de médiation numérique » (id,pivot,nom,commune,code_postal,…) ; vérifiez que le fichier est bien une liste de lieux et que sa première ligne est l'en-tête")
	}
	has := func(cols []string) []string {
		var out []string
		for _, c := range cols {
			if _, ok := h.index[c]; ok {
				out = append(out, c)
			}
		}
		return out
	}
	v01, v1 := has(v01Markers), has(v1Markers)
	switch {
	case len(v01) > 0 && len(v1) > 0:
		return nil, invalid("version du standard non reconnue : l'en-tête mélange des colonnes de la v1 (%s) et de la v0.1 (%s) ; repartez de l'en-tête v1 : %s",
			strings.Join(v1, ", "), strings.Join(v01, ", "), strings.Join(v1Columns, ","))
	case len(v01) > 0:
		h.version = V01
	default:
		// Without any version-specific column, the current version is the likeliest.
		h.version = V1
	}
	var missing []string
	for _, c := range required {
		if _, ok := h.index[c]; !ok {
			missing = append(missing, c)
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return nil, invalid("colonne obligatoire manquante : %s ; ajoutez-la à la ligne d'en-tête (ligne 1) et renseignez-la pour chaque lieu", missing[0])
	default:
		return nil, invalid("colonnes obligatoires manquantes : %s ; ajoutez-les à la ligne d'en-tête (ligne 1) et renseignez-les pour chaque lieu", strings.Join(missing, ", "))
	}
	return h, nil
}
