package main

import (
	"os"
	"os/exec"
	"testing"
)

// toolsRequired is set by .ci/run, the README's test command, which installs every tool the
// end-to-end tests drive: there a missing tool fails the test instead of skipping it.
const toolsRequired = "PASSNUM_E2E"

// needTool returns the path of a program an end-to-end test drives (tmux, the OpenSSH client,
// litestream). Without it, a plain go test ./... skips the test and says why; under .ci/run
// (PASSNUM_E2E=required) the test fails.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv(toolsRequired) == "required" {
		t.Fatalf("%s est nécessaire pour ce test et n'est pas installé (%s) : .ci/run l'installe", name, pkg)
	}
	t.Skipf("%s absent : test sauté ; .ci/run installe %s et lance toute la suite (%s not installed: skipped; .ci/run installs it and runs the full suite)", name, pkg, name)
	return ""
}
