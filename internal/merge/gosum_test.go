package merge

import (
	"strings"
	"testing"
)

func TestGoSum(t *testing.T) {
	labels := Labels{Ours: "yours", Base: "gonew-prod v0.1.0", Theirs: "gonew-prod v0.2.0"}
	const (
		gin    = "github.com/gin-gonic/gin v1.12.0 h1:gin=\ngithub.com/gin-gonic/gin v1.12.0/go.mod h1:ginmod=\n"
		sys41  = "golang.org/x/sys v0.41.0 h1:sys41=\ngolang.org/x/sys v0.41.0/go.mod h1:sys41mod=\n"
		sys49  = "golang.org/x/sys v0.49.0 h1:sys49=\ngolang.org/x/sys v0.49.0/go.mod h1:sys49mod=\n"
		uuid   = "github.com/google/uuid v1.6.0 h1:uuid=\ngithub.com/google/uuid v1.6.0/go.mod h1:uuidmod=\n"
		sys9   = "golang.org/x/sys v0.9.0 h1:sys9=\n"
		sys10  = "golang.org/x/sys v0.10.0 h1:sys10=\n"
		badSum = "github.com/google/uuid v1.6.0 h1:other=\ngithub.com/google/uuid v1.6.0/go.mod h1:uuidmod=\n"
	)
	tests := []struct {
		name, base, ours, theirs, want string
		conflicts                      int
	}{
		{"union of both sides' additions, sorted", gin + sys41, gin + uuid + sys41, gin + sys41 + sys49, gin + uuid + sys41 + sys49, 0},
		// A line theirs dropped goes when yours has it as the base has it (go mod tidy
		// -diff, the generated CI, fails on a stale line), and stays when it is yours.
		{"lines theirs dropped go when yours has them as the base has them", gin + sys41, gin + uuid + sys41, gin + sys49, gin + uuid + sys49, 0},
		{"lines theirs dropped stay when yours added them", gin, gin + uuid, sys49, uuid + sys49, 0},
		{"lines theirs dropped stay when yours changed them", gin + uuid, gin + badSum, gin, gin + "github.com/google/uuid v1.6.0 h1:other=\n", 0},
		{"versions sort as semantic versions", "", sys10, sys9, sys9 + sys10, 0},
		{"different checksums for one version: a conflict", gin, gin + uuid, gin + badSum,
			gin + "<<<<<<< yours\ngithub.com/google/uuid v1.6.0 h1:uuid=\n||||||| gonew-prod v0.1.0\n=======\ngithub.com/google/uuid v1.6.0 h1:other=\n>>>>>>> gonew-prod v0.2.0\n" +
				"github.com/google/uuid v1.6.0/go.mod h1:uuidmod=\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GoSum([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), labels)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Merged) != tt.want || got.Conflicts != tt.conflicts {
				t.Fatalf("GoSum = %d conflicts\n%s\nwant %d\n%s", got.Conflicts, got.Merged, tt.conflicts, tt.want)
			}
			if err := GoSumPreservesEdits([]byte(tt.base), []byte(tt.ours), got.Merged); err != nil {
				t.Fatalf("GoSumPreservesEdits: %v", err)
			}
		})
	}
	if _, err := GoSum(nil, []byte("not a go.sum line\n"), []byte(gin), labels); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed go.sum: err = %v", err)
	}
	if err := GoSumPreserves([]byte(gin+uuid), []byte(gin)); err == nil || !strings.Contains(err.Error(), "github.com/google/uuid v1.6.0") {
		t.Errorf("GoSumPreserves of a lost checksum: %v", err)
	}
	// With a base, a checksum yours has as the base has it may go; one you added may not.
	if err := GoSumPreservesEdits([]byte(gin), []byte(gin+uuid), []byte(sys9)); err == nil || !strings.Contains(err.Error(), "github.com/google/uuid v1.6.0") || strings.Contains(err.Error(), "gin") {
		t.Errorf("GoSumPreservesEdits of a lost checksum of yours: %v", err)
	}
	// TidiedSum takes only what tidy adds: nothing of yours is dropped.
	if got, err := TidiedSum([]byte(gin+uuid), []byte(uuid+sys9)); err != nil || string(got) != gin+uuid+sys9 {
		t.Errorf("TidiedSum = %q, %v; want %q", got, err, gin+uuid+sys9)
	}
}
