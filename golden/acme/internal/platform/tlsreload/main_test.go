package tlsreload

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// a Run loop that ignores its context or a server left serving.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
