// Command gen turns the npm package @etalab/decoupage-administratif into communes.tsv.gz, the
// official list of communes embedded in package geo.
//
// Run from domain/geo with `go generate` (it calls `npm pack` into a temporary folder), or give
// an already unpacked package with -package DIR. The output is reproducible: same package, same
// bytes (the gzip header carries no name and no date).
//
// Format, one record per line, fields separated by tabs, first field the record kind:
//
//	V  package-version  licence
//	R  code  name                                          (région)
//	D  code  name  région                                  (département)
//	E  siren  name  kind                                   (EPCI)
//	C  insee  name  département  région  epci  postcodes  population  kind
//
// postcodes are comma-separated; kind of a commune is "c" (commune actuelle) or "a"
// (arrondissement municipal of Paris, Lyon or Marseille).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const npmName = "@etalab/decoupage-administratif"

func main() {
	version := flag.String("version", "6.0.0", "version of "+npmName+" to fetch with npm pack")
	pkgDir := flag.String("package", "", "unpacked npm package folder (default: npm pack into a temporary folder)")
	out := flag.String("out", "communes.tsv.gz", "output file")
	flag.Parse()

	dir := *pkgDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "geo-gen-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "pack", npmName+"@"+*version)
		cmd.Dir, cmd.Stderr = tmp, os.Stderr
		name, err := cmd.Output()
		if err != nil {
			log.Fatalf("npm pack: %v", err)
		}
		tar := exec.Command("tar", "xzf", strings.TrimSpace(string(name)))
		tar.Dir, tar.Stderr = tmp, os.Stderr
		if err := tar.Run(); err != nil {
			log.Fatalf("tar: %v", err)
		}
		dir = filepath.Join(tmp, "package")
	}
	data, err := build(dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s : %d octets\n", *out, len(data))
}

type pkgJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	License string `json:"license"`
}

type region struct {
	Code string `json:"code"`
	Nom  string `json:"nom"`
}

type departement struct {
	Code   string `json:"code"`
	Nom    string `json:"nom"`
	Region string `json:"region"`
}

type epci struct {
	Code    string `json:"code"`
	Nom     string `json:"nom"`
	Type    string `json:"type"`
	Membres []struct {
		Code string `json:"code"`
	} `json:"membres"`
}

type commune struct {
	Code         string   `json:"code"`
	Nom          string   `json:"nom"`
	Type         string   `json:"type"`
	Departement  string   `json:"departement"`
	Region       string   `json:"region"`
	CodesPostaux []string `json:"codesPostaux"`
	Population   int      `json:"population"`
}

func read(dir, name string, v any) error {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func build(dir string) ([]byte, error) {
	var (
		pkg      pkgJSON
		regions  []region
		deps     []departement
		epcis    []epci
		communes []commune
	)
	for _, f := range []struct {
		name string
		v    any
	}{{"package.json", &pkg}, {"data/regions.json", &regions}, {"data/departements.json", &deps},
		{"data/epci.json", &epcis}, {"data/communes.json", &communes}} {
		if err := read(dir, f.name, f.v); err != nil {
			return nil, err
		}
	}
	if pkg.Name != npmName {
		return nil, fmt.Errorf("%s is %q, not %s", dir, pkg.Name, npmName)
	}
	clean := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(strings.TrimSpace(s)) }
	var b strings.Builder
	line := func(fields ...string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(clean(f))
		}
		b.WriteByte('\n')
	}
	line("V", pkg.Version, pkg.License)
	sort.Slice(regions, func(i, j int) bool { return regions[i].Code < regions[j].Code })
	for _, r := range regions {
		line("R", r.Code, r.Nom)
	}
	sort.Slice(deps, func(i, j int) bool { return deps[i].Code < deps[j].Code })
	for _, d := range deps {
		line("D", d.Code, d.Nom, d.Region)
	}
	sort.Slice(epcis, func(i, j int) bool { return epcis[i].Code < epcis[j].Code })
	epciOf := map[string]string{}
	for _, e := range epcis {
		line("E", e.Code, e.Nom, e.Type)
		for _, m := range e.Membres {
			epciOf[m.Code] = e.Code
		}
	}
	sort.SliceStable(communes, func(i, j int) bool { return communes[i].Code < communes[j].Code })
	n := 0
	for _, c := range communes {
		kind := ""
		switch c.Type {
		case "commune-actuelle":
			kind = "c"
		case "arrondissement-municipal":
			kind = "a"
		default:
			continue // communes déléguées and associées are not where people live today
		}
		n++
		line("C", c.Code, c.Nom, c.Departement, c.Region, epciOf[c.Code], strings.Join(c.CodesPostaux, ","), strconv.Itoa(c.Population), kind)
	}
	if n == 0 {
		return nil, fmt.Errorf("no commune in %s", dir)
	}
	var z bytes.Buffer
	w, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte(b.String())); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}
