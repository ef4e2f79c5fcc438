package merge

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Bits of the knobs argument of FuzzText.
const (
	knobCRLF      = 1 << iota // every line ends in "\r\n"
	knobMixedEOL              // some lines end in "\r\n"
	knobBaseNoEOL             // base's last line has no newline
	knobOursNoEOL
	knobTheirsNoEOL
)

// randomTriple derives a base and two edited versions of it from seed. Lines come from a
// small vocabulary (its size also drawn), so lines repeat as blank lines and braces do in
// code; the edits land on the same few positions, so the sides overlap often; and a third
// of the time theirs starts with some of ours' edits, so both sides make the same change.
func randomTriple(seed uint64, knobs uint8) (base, ours, theirs []byte) {
	r := rand.New(rand.NewPCG(seed, uint64(knobs)))
	vocabulary := []string{"a", "}", "", "b", "return nil", "c", "x := 1", "d", "e", "f", "g", "h"}
	vocabulary = vocabulary[:2+r.IntN(len(vocabulary)-1)]
	fresh := 0
	line := func() string {
		if r.IntN(4) == 0 {
			fresh++
			return fmt.Sprintf("new %d", fresh)
		}
		return vocabulary[r.IntN(len(vocabulary))]
	}
	b := make([]string, r.IntN(16))
	for i := range b {
		b[i] = line()
	}

	type edit struct {
		at, remove int
		insert     []string
	}
	edits := func() []edit {
		var es []edit
		for range r.IntN(5) {
			e := edit{at: r.IntN(max(len(b), 1) + 2), remove: r.IntN(3)}
			for range r.IntN(3) {
				e.insert = append(e.insert, line())
			}
			es = append(es, e)
		}
		return es
	}
	apply := func(es []edit) []string {
		lines := append([]string(nil), b...)
		for _, e := range es {
			at := min(e.at, len(lines))
			remove := min(e.remove, len(lines)-at)
			lines = append(lines[:at], append(append([]string(nil), e.insert...), lines[at+remove:]...)...)
		}
		return lines
	}
	oursEdits, theirsEdits := edits(), edits()
	if len(oursEdits) > 0 && r.IntN(3) == 0 {
		theirsEdits = append(oursEdits[:1+r.IntN(len(oursEdits)):len(oursEdits)], theirsEdits...)
	}

	join := func(lines []string, noEOL uint8) []byte {
		var s strings.Builder
		for i, l := range lines {
			s.WriteString(l)
			switch {
			case i == len(lines)-1 && knobs&noEOL != 0:
			case knobs&knobCRLF != 0 || knobs&knobMixedEOL != 0 && r.IntN(3) == 0:
				s.WriteString("\r\n")
			default:
				s.WriteString("\n")
			}
		}
		return []byte(s.String())
	}
	return join(b, knobBaseNoEOL), join(apply(oursEdits), knobOursNoEOL), join(apply(theirsEdits), knobTheirsNoEOL)
}

// FuzzText compares Text with git merge-file on random triples (see compareWithGit for
// what must agree) and checks the no-line-lost invariant on every one. Its seeds run in
// every `go test`; `go test -fuzz FuzzText ./internal/merge` explores further.
func FuzzText(f *testing.F) {
	requireGit(f)
	for i := range 200 {
		f.Add(uint64(i), uint8(i*37))
	}
	f.Fuzz(func(t *testing.T, seed uint64, knobs uint8) {
		base, ours, theirs := randomTriple(seed, knobs)
		compareWithGit(t, base, ours, theirs)
	})
}

// TestTextTiesAreRare measures how often a random triple falls outside exact agreement
// with git because a diff had several shortest forms, and how often that changed the
// verdict or a clean result; it fails if ties stop being rare.
func TestTextTiesAreRare(t *testing.T) {
	requireGit(t)
	if testing.Short() {
		t.Skip("runs git 2,500 times")
	}
	const n = 500
	var ties, verdicts, cleanBytes int
	for i := range n {
		// Only "\n" endings: random "\r\n" on single lines makes most lines differ from
		// their copies, which no real file does.
		base, ours, theirs := randomTriple(uint64(i)+1e6, uint8(i)&^(knobCRLF|knobMixedEOL))
		a := compareWithGit(t, base, ours, theirs)
		ties += btoi(a.tie)
		verdicts += btoi(a.verdictDiffers)
		cleanBytes += btoi(a.cleanBytesDiffer)
	}
	t.Logf("of %d random triples, %d had a diff tie broken differently from git; "+
		"%d of those changed the verdict, %d a clean result", n, ties, verdicts, cleanBytes)
	if ties > n/8 {
		t.Errorf("%d of %d random triples had a diff tie broken differently from git; want at most %d", ties, n, n/8)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
