// Package geo is the official list of French communes, départements, régions and EPCI, embedded
// in the binary: a programme's territory is named by its EPCI, département, région or a list of
// INSEE codes instead of typing every commune, and a commune is found by its name or postal code.
//
// The data comes from the npm package @etalab/decoupage-administratif (MIT licence, Etalab; see
// LICENCE-decoupage-administratif next to this file), version SourceVersion. To refresh it, run
// in domain/geo:
//
//	go generate
//
// which runs `npm pack` into a temporary folder and rewrites communes.tsv.gz (see gen/main.go
// for the format); `go run ./gen -package DIR` reads an already unpacked package instead. The
// package reads only the embedded bytes: no file is opened at run time.
package geo

//go:generate go run ./gen -version 6.0.0

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Source of the embedded data.
const (
	SourcePackage = "@etalab/decoupage-administratif"
	SourceVersion = "6.0.0"
	SourceLicence = "MIT (Etalab)"
)

//go:embed communes.tsv.gz
var communesGz []byte

// Commune is a commune of the official list.
type Commune struct {
	Code        string // INSEE
	Name        string
	Departement string
	Region      string
	EPCI        string // SIREN of its EPCI, "" for the few communes outside any
	PostalCodes []string
	Population  int
	// Arrondissement marks an arrondissement municipal of Paris, Lyon or Marseille: found by code,
	// name or postal code, but a département or a région counts the commune, not its arrondissements.
	Arrondissement bool
}

// EPCI is an établissement public de coopération intercommunale (CA, CC, CU, métropole).
type EPCI struct {
	Code    string // SIREN
	Name    string
	Kind    string // CA, CC, CU, METRO, MET69
	Members []string
}

// Area is a département or a région.
type Area struct {
	Code, Name string
	Region     string // région of a département
}

// Index is the loaded list, with look-ups by code.
type Index struct {
	Version     string
	Licence     string
	Communes    []Commune // sorted by code
	EPCIs       []EPCI    // sorted by SIREN
	Departement []Area
	Regions     []Area

	epci map[string]int
	dep  map[string]int
	reg  map[string]int
}

// Official returns the embedded list, decoded once.
var Official = sync.OnceValue(func() *Index {
	x, err := Decode(communesGz)
	if err != nil {
		panic("geo: embedded communes.tsv.gz unreadable: " + err.Error()) // a build defect, caught by the tests
	}
	return x
})

// Decode reads data in the format gen writes. Every string of the index is a slice of the one
// decompressed text: decoding costs the gunzip and a few allocations per commune, which every
// command that loads a configuration naming its territory pays.
func Decode(gz []byte) (*Index, error) {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	text := string(raw)
	n := strings.Count(text, "\nC\t")
	x := &Index{Communes: make([]Commune, 0, n), epci: map[string]int{}, dep: map[string]int{}, reg: map[string]int{}}
	var f [9]string
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		k := 0
		for k < len(f)-1 {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				break
			}
			f[k], line = line[:i], line[i+1:]
			k++
		}
		f[k] = line
		for j := k + 1; j < len(f); j++ {
			f[j] = ""
		}
		switch f[0] {
		case "V":
			x.Version, x.Licence = f[1], f[2]
		case "R":
			x.reg[f[1]] = len(x.Regions)
			x.Regions = append(x.Regions, Area{Code: f[1], Name: f[2]})
		case "D":
			x.dep[f[1]] = len(x.Departement)
			x.Departement = append(x.Departement, Area{Code: f[1], Name: f[2], Region: f[3]})
		case "E":
			x.epci[f[1]] = len(x.EPCIs)
			x.EPCIs = append(x.EPCIs, EPCI{Code: f[1], Name: f[2], Kind: f[3]})
		case "C":
			pop, _ := strconv.Atoi(f[7])
			c := Commune{Code: f[1], Name: f[2], Departement: f[3], Region: f[4], EPCI: f[5],
				Population: pop, Arrondissement: f[8] == "a"}
			if pc := f[6]; pc != "" {
				c.PostalCodes = strings.Split(pc, ",")
			}
			x.Communes = append(x.Communes, c) // gen writes them sorted by code: Commune searches

			if i, ok := x.epci[c.EPCI]; ok {
				x.EPCIs[i].Members = append(x.EPCIs[i].Members, c.Code)
			}
		}
	}
	if len(x.Communes) == 0 {
		return nil, errors.New("no commune")
	}
	return x, nil
}

// Commune returns the commune with this INSEE code.
func (x *Index) Commune(code string) (Commune, bool) {
	i := sort.Search(len(x.Communes), func(i int) bool { return x.Communes[i].Code >= code })
	if i == len(x.Communes) || x.Communes[i].Code != code {
		return Commune{}, false
	}
	return x.Communes[i], true
}

// EPCIByCode returns the EPCI with this SIREN.
func (x *Index) EPCIByCode(siren string) (EPCI, bool) {
	i, ok := x.epci[siren]
	if !ok {
		return EPCI{}, false
	}
	return x.EPCIs[i], true
}

// DepartementByCode returns the département with this code ("23", "2A", "971").
func (x *Index) DepartementByCode(code string) (Area, bool) {
	i, ok := x.dep[code]
	if !ok {
		return Area{}, false
	}
	return x.Departement[i], true
}

// RegionByCode returns the région with this code ("32").
func (x *Index) RegionByCode(code string) (Area, bool) {
	i, ok := x.reg[code]
	if !ok {
		return Area{}, false
	}
	return x.Regions[i], true
}

//go:embed LICENCE-decoupage-administratif
var licence []byte

// LicenceText is the text of the data's licence, to show with the version (passnum check-config).
func LicenceText() string { return string(licence) }
