package domain

import "testing"

func TestScanAfterText(t *testing.T) {
	for in, want := range map[string]string{"diallo600006": "600006", "Diallo 600001-03": "600001-03", "600006": "", "diallo": "", "diallo 12": "", "rue 12345": ""} {
		got, ok := ScanAfterText(in)
		if got != want || ok != (want != "") {
			t.Errorf("ScanAfterText(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
