package config

import (
	"os"
	"testing"
)

// BenchmarkLoadShipped is the configuration part of every passnum command: read, decode and
// validate the shipped config.toml.
func BenchmarkLoadShipped(b *testing.B) {
	data, err := os.ReadFile("../../../config.toml")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, dir); err != nil {
			b.Fatal(err)
		}
	}
}
