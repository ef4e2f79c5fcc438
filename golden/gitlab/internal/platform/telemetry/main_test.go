package telemetry

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// an exporter that shutdown did not stop. The tests set the OTEL_ variables
// they need (t.Setenv); those of the environment running them (a developer's
// shell, a CI runner's: OTEL_SERVICE_NAME, OTEL_PROPAGATORS...) are unset
// first, so that they change no result.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "OTEL_") {
			if err := os.Unsetenv(name); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
	goleak.VerifyTestMain(m)
}
