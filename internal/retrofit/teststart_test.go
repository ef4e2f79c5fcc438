package retrofit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/poststep"
)

// TestTestStarts runs go test on main packages whose initialisation ends, fails or
// blocks: only the one that blocks is stopped at the limit, as errStartHung.
func TestTestStarts(t *testing.T) {
	tests := []struct {
		name     string
		init     string
		limit    time.Duration
		wantHung bool
		wantErr  bool
	}{
		{"an init that blocks", "func init() { time.Sleep(time.Hour) }", time.Second, true, true},
		{"an init that fails", "func init() { panic(\"no DSN\") }", 5 * time.Minute, false, true},
		{"an init that ends", "func init() {}", 5 * time.Minute, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"go.mod":       "module example.com/start\n\ngo 1.21\n",
				"main.go":      "package main\n\nimport \"time\"\n\nvar _ = time.Second\n\n" + tt.init + "\n\nfunc main() {}\n",
				"main_test.go": "package main\n",
			}
			for name, content := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			run := poststep.Runner{Env: os.Environ()}
			err := testStarts(context.Background(), run, dir, ".", nil, tt.limit)
			if got := errors.Is(err, errStartHung); got != tt.wantHung {
				t.Errorf("testStarts: %v, hung %v, want %v", err, got, tt.wantHung)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("testStarts: %v, want an error %v", err, tt.wantErr)
			}
		})
	}
}
