package main

import (
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestSessionProfile(t *testing.T) {
	tests := []struct {
		env  []string
		want colorprofile.Profile
	}{
		{[]string{"TERM=xterm-256color"}, colorprofile.ANSI256},
		{[]string{"TERM=xterm-256color", "COLORTERM=truecolor"}, colorprofile.TrueColor},
		{[]string{"TERM=xterm-kitty"}, colorprofile.ANSI256}, // a TERM name alone is not enough
		{[]string{"TERM=xterm-kitty", "COLORTERM=24bit"}, colorprofile.TrueColor},
		{[]string{"TERM=xterm"}, colorprofile.ANSI},
		{[]string{"TERM=xterm-256color", "NO_COLOR=1"}, colorprofile.ASCII},
		{[]string{"TERM=dumb"}, colorprofile.NoTTY},
	}
	for _, tt := range tests {
		if got := sessionProfile(tt.env); got != tt.want {
			t.Errorf("sessionProfile(%q) = %v, want %v", tt.env, got, tt.want)
		}
	}
}
