package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// The generator keeps communes actuelles only, sorted by code, each with its EPCI, and writes
// the same bytes for the same package.
func TestBuild(t *testing.T) {
	a, err := build("testdata/package")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := build("testdata/package")
	if !bytes.Equal(a, b) {
		t.Fatal("two runs on one package gave different bytes")
	}
	r, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(r)
	want := "V\t0.0.0-test\tMIT\n" +
		"R\t32\tHauts-de-France\n" +
		"D\t60\tOise\t32\n" +
		"E\t200068047\tCA Creil Sud Oise\tCA\n" +
		"C\t60175\tCreil\t60\t32\t200068047\t60100\t36301\tc\n" +
		"C\t60414\tMontataire\t60\t32\t\t60160\t13000\tc\n"
	if string(text) != want {
		t.Fatalf("got\n%s\nwant\n%s", text, want)
	}
}

func TestBuildRefusesAnotherPackage(t *testing.T) {
	if _, err := build("testdata"); err == nil {
		t.Fatal("a folder without the package was accepted")
	}
}
