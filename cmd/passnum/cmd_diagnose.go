package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"passnum/domain"
)

func (a *app) diagnose(ctx context.Context, args []string) error {
	fs := newFlags("diagnose")
	file := fs.String("answers", "", "")
	all := fs.Bool("all-excluded", false, "")
	progID := fs.String("programme", "", "")
	if _, err := fs.parseWith(args); err != nil {
		return err
	}
	// The places qualified for the chèques are those of one programme's labels.
	prog, err := a.programmeByID(*progID)
	if err != nil {
		return err
	}
	if *file == "" {
		return domain.Errorf(domain.KindInvalid, "passnum diagnose : --answers FICHIER.json est obligatoire")
	}
	f, err := a.openInput("--answers", *file, "le fichier JSON des réponses")
	if err != nil {
		return err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return fileError("--answers", *file, err, false)
	}
	in, err := decodeAnswers(data)
	if err != nil {
		return domain.Errorf(domain.KindInvalid, "--answers %s : JSON invalide : %s", shown(*file), err.Error())
	}
	if err := in.Validate(func(insee string) bool { _, ok := a.cfg.Commune(insee); return ok }); err != nil {
		return err
	}
	labels := prog.RecognisedLabels
	if *all {
		places, err := a.store.Places(ctx)
		if err != nil {
			return err
		}
		res := domain.Diagnose(in, places, a.cfg.Communes, labels)
		return a.emit(res, diagnosticText(res))
	}
	places, unlabelled, err := a.store.CandidatePlaces(ctx)
	if err != nil {
		return err
	}
	res := domain.Diagnose(in, places, a.cfg.Communes, labels).Compact()
	res.Unlabelled += unlabelled
	return a.emit(res, diagnosticText(res))
}

func diagnosticText(r domain.DiagnosticResult) string {
	var b strings.Builder
	if r.Status == domain.DiagStatus("incomplet") {
		b.WriteString("Diagnostic incomplet : moins de 7 réponses.\n")
	} else {
		fmt.Fprintf(&b, "Profil : %s (repère indicatif, non certifiant)\n", domain.LevelLabel(r.Profile))
	}
	for _, d := range []string{"ENV", "INF", "COM", "CRE", "SEC"} {
		if s, ok := r.Domains[domain.DiagDomain(d)]; ok {
			fmt.Fprintf(&b, "  %s  %-16s Pix %d\n", d, domain.LevelLabel(s.Level), s.Pix)
		}
	}
	fmt.Fprintf(&b, "Besoins prioritaires : %s\n", needList(r.Needs.Priority))
	if len(r.Needs.Others) > 0 {
		fmt.Fprintf(&b, "Autres besoins : %s\n", needList(r.Needs.Others))
	}
	if len(r.Recommendations) > 0 {
		b.WriteString("Lieux recommandés :\n")
	}
	for i, rec := range r.Recommendations {
		dist := ""
		if rec.DistanceKm != nil {
			dist = fmt.Sprintf(", %.1f km", *rec.DistanceKm)
		}
		fmt.Fprintf(&b, "  %d. %s (score %d%s)", i+1, rec.Name, rec.Score, dist)
		if len(rec.Tags) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(rec.Tags, ", "))
		}
		b.WriteString("\n")
		for _, reason := range rec.Reasons {
			fmt.Fprintf(&b, "       – %s\n", reason)
		}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "Attention : %s\n", w)
	}
	for _, adv := range r.Advice {
		fmt.Fprintf(&b, "Conseil : %s\n", adv)
	}
	return b.String()
}

func needList(ns []domain.Need) string {
	var parts []string
	for _, n := range ns {
		info, _ := domain.LookupNeed(n)
		parts = append(parts, fmt.Sprintf("%s %s", n, info.Label))
	}
	if len(parts) == 0 {
		return "aucun"
	}
	return strings.Join(parts, " · ")
}

// decodeAnswers reads the answers file strictly (no unknown field, nothing after the object) and
// says in French where and what is wrong: the field, the type it expects, the line.
func decodeAnswers(data []byte) (domain.DiagnosticInput, error) {
	var in domain.DiagnosticInput
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err == nil && dec.More() {
		return in, fmt.Errorf("du texte suit l'objet JSON (%s) : le fichier contient un seul objet { … }", jsonLine(data, dec.InputOffset()))
	}
	if err == nil {
		return in, nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return in, errors.New("le fichier est vide : il faut un objet { \"commune\": …, \"answers\": { … } }")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return in, errors.New("le fichier s'arrête au milieu : une accolade, un crochet ou un guillemet n'est pas fermé")
	case errors.As(err, &syn):
		return in, fmt.Errorf("caractère inattendu %s : vérifiez les guillemets droits \"…\", les virgules entre les champs et les accolades", jsonLine(data, syn.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return in, fmt.Errorf("le fichier doit contenir un objet { … }, pas %s", jsonValueKind(typ.Value))
		}
		what := fmt.Sprintf("« %s » doit être %s, pas %s", field, jsonTypeName(typ.Type), jsonValueKind(typ.Value))
		if field == "answers" && typ.Type.Kind() == reflect.Int {
			what = "« answers » : chaque réponse doit être un nombre entier de 0 à 3 sans guillemets, pas " + jsonValueKind(typ.Value)
		}
		return in, fmt.Errorf("%s (%s)", what, jsonLine(data, typ.Offset))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return in, fmt.Errorf("champ « %s » inconnu ; champs possibles : %s", shown(strings.Trim(name, `"`)), strings.Join(jsonFields(reflect.TypeOf(in)), ", "))
	}
	return in, errors.New("fichier illisible comme JSON")
}

// jsonLine places a byte offset of the file as a person finds it: line and column.
func jsonLine(data []byte, offset int64) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return fmt.Sprintf("ligne %d, colonne %d", line, col)
}

// jsonTypeName is what a JSON value must look like to fill a Go type.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "un texte entre guillemets"
	case reflect.Bool:
		return "true ou false, sans guillemets"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "un nombre entier, sans guillemets"
	case reflect.Float32, reflect.Float64:
		return "un nombre, sans guillemets"
	case reflect.Slice, reflect.Array:
		return "une liste entre crochets [ … ] de " + strings.TrimPrefix(strings.TrimPrefix(jsonTypeName(t.Elem()), "un "), "une ")
	default:
		return "un objet entre accolades { … }"
	}
}

// jsonValueKind names, in French, the kind of JSON value the decoder met (« number 3.5 »).
func jsonValueKind(v string) string {
	switch kind, _, _ := strings.Cut(v, " "); kind {
	case "string":
		return "un texte"
	case "number":
		return "un nombre"
	case "bool":
		return "true ou false"
	case "array":
		return "une liste"
	case "object":
		return "un objet"
	default:
		return "la valeur " + shown(v)
	}
}

// jsonFields lists the JSON names of a struct's fields.
func jsonFields(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}
