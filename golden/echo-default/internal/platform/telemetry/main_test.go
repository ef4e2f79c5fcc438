package telemetry

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// an exporter that shutdown did not stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
