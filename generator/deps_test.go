package generator_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEngineImportsNothingInternal keeps generator a library: nothing it depends on,
// directly or not, may be a package of this module's internal/ tree.
func TestEngineImportsNothingInternal(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "github.com/gonew-prod/gonew-prod/generator\n") {
		t.Fatalf("go list -deps printed no generator package:\n%s", out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/gonew-prod/gonew-prod/internal/") {
			t.Errorf("generator depends on %s", pkg)
		}
	}
}
