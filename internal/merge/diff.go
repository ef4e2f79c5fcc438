package merge

import (
	"bytes"
	"slices"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// SplitLines splits data after every '\n'. Each line keeps its terminator ("\n" or
// "\r\n"); a last line without one is kept as it is, so the lines concatenate back to data
// and "x" and "x\n" are different lines, as they are for git.
func SplitLines(data []byte) []string {
	var lines []string
	for len(data) > 0 {
		n := bytes.IndexByte(data, '\n') + 1
		if n == 0 {
			n = len(data)
		}
		lines = append(lines, string(data[:n]))
		data = data[n:]
	}
	return lines
}

// A hunk replaces base[base:base+baseLen] by side[side:side+sideLen]. Hunks of one diff are
// ordered and separated by at least one unchanged line.
type hunk struct {
	base, baseLen int
	side, sideLen int
}

func (h hunk) baseEnd() int { return h.base + h.baseLen }

// diffLines returns the hunks that turn base into side: a shortest line diff, unless the
// two differ in more than exactLimit lines (see markChanged). The longest common
// subsequence comes from go-udiff; each changed run is then placed where git's xdiff
// places it (see compact), because where a run sits decides whether it touches the other
// side's change. When several common subsequences are equally long and are not slides of
// one another, go-udiff and git's Myers implementation may choose differently; the fuzz
// test measures how often (a few percent of random triples with a small vocabulary of
// lines, very few of them changing a merge's verdict).
func diffLines(base, side []string) []hunk {
	baseChanged := make([]bool, len(base))
	sideChanged := make([]bool, len(side))
	markChanged(base, side, baseChanged, sideChanged)
	compact(base, baseChanged, sideChanged)
	compact(side, sideChanged, baseChanged)

	var hunks []hunk
	i, j := 0, 0
	for i < len(base) || j < len(side) {
		if i < len(base) && j < len(side) && !baseChanged[i] && !sideChanged[j] {
			i++
			j++
			continue
		}
		h := hunk{base: i, side: j}
		for i < len(base) && baseChanged[i] {
			i++
		}
		for j < len(side) && sideChanged[j] {
			j++
		}
		h.baseLen, h.sideLen = i-h.base, j-h.side
		hunks = append(hunks, h)
	}
	return hunks
}

// Align returns, for each line of a, the index of the line of b it stays in the line diff
// from a to b (the diff Text merges with), or -1 for a line that diff deletes: how the
// lines of one side of a merge map to the merged file's.
func Align(a, b []string) []int {
	out := make([]int, len(a))
	i, j := 0, 0
	for _, h := range diffLines(a, b) {
		for ; i < h.base; i, j = i+1, j+1 {
			out[i] = j
		}
		for ; i < h.baseEnd(); i++ {
			out[i] = -1
		}
		j = h.side + h.sideLen
	}
	for ; i < len(a); i, j = i+1, j+1 {
		out[i] = j
	}
	return out
}

// A run is the changed lines [start, end) between two unchanged lines of one file; it may
// be empty. The k-th run of one file faces the k-th run of the other, because unchanged
// lines pair up in order.
type run struct{ start, end int }

func runAt(changed []bool, start int) run {
	end := start
	for end < len(changed) && changed[end] {
		end++
	}
	return run{start, end}
}

// nextRun returns the run after r, past the unchanged line at r.end.
func nextRun(changed []bool, r run) run { return runAt(changed, r.end+1) }

// prevRun returns the run before r, before the unchanged line at r.start-1.
func prevRun(changed []bool, r run) run {
	end := r.start - 1
	start := end
	for start > 0 && changed[start-1] {
		start--
	}
	return run{start, end}
}

// slideDown moves the non-empty run r one line down, when the line after it equals its
// first line, and absorbs a run it then touches.
func slideDown(lines []string, changed []bool, r *run) bool {
	if r.end >= len(lines) || lines[r.start] != lines[r.end] {
		return false
	}
	changed[r.start], changed[r.end] = false, true
	*r = run{r.start + 1, runAt(changed, r.end).end}
	return true
}

// slideUp moves the non-empty run r one line up, when the line before it equals its last
// line, and absorbs a run it then touches.
func slideUp(lines []string, changed []bool, r *run) bool {
	if r.start == 0 || lines[r.start-1] != lines[r.end-1] {
		return false
	}
	changed[r.start-1], changed[r.end-1] = true, false
	start := r.start - 1
	for start > 0 && changed[start-1] {
		start--
	}
	*r = run{start, r.end - 1}
	return true
}

// compact places every changed run of lines, which another run of the other file faces,
// where git's xdiff places it (without its indent heuristic, which merge-file does not
// use): a run that can slide goes as far down as it can, unless somewhere on its way it
// faces a non-empty run of the other file, in which case it stops at the lowest such
// place. Sliding can join runs; a run that grew slides again.
func compact(lines []string, changed, other []bool) {
	if len(lines) == 0 {
		return
	}
	r, o := runAt(changed, 0), runAt(other, 0)
	for {
		if r.end > r.start {
			var earliestEnd, facingEnd int
			for {
				size := r.end - r.start
				for slideUp(lines, changed, &r) {
					o = prevRun(other, o)
				}
				earliestEnd, facingEnd = r.end, -1
				if o.end > o.start {
					facingEnd = r.end
				}
				for slideDown(lines, changed, &r) {
					o = nextRun(other, o)
					if o.end > o.start {
						facingEnd = r.end
					}
				}
				if r.end-r.start == size {
					break
				}
			}
			if r.end != earliestEnd && facingEnd >= 0 {
				for o.end == o.start {
					slideUp(lines, changed, &r)
					o = prevRun(other, o)
				}
			}
		}
		if r.end >= len(lines) {
			return
		}
		r, o = nextRun(changed, r), nextRun(other, o)
	}
}

// exactLimit is the number of changed lines up to which go-udiff's lcs.DiffLines is
// sure to find a shortest diff: it searches at most 50 steps from each end, then settles
// for a longer diff, which for a file edited in many places can be the whole file.
const exactLimit = 100

// markChanged marks the lines of base and side that a diff between them changes. When
// go-udiff's diff is longer than exactLimit, the two are first cut at anchors — lines that
// occur exactly once in each, in the longest run of such pairs in the same order in
// both, as patience diff picks them — and each stretch between anchors is diffed alone.
func markChanged(base, side []string, baseChanged, sideChanged []bool) {
	diffs := lcs.DiffLines(base, side)
	changed := 0
	for _, d := range diffs {
		changed += d.End - d.Start + d.ReplEnd - d.ReplStart
	}
	if changed > exactLimit {
		if anchors := uniqueAnchors(base, side); len(anchors) > 0 {
			i, j := 0, 0
			for _, a := range append(anchors, [2]int{len(base), len(side)}) {
				markChanged(base[i:a[0]], side[j:a[1]], baseChanged[i:a[0]], sideChanged[j:a[1]])
				i, j = a[0]+1, a[1]+1
			}
			return
		}
	}
	for _, d := range diffs {
		for i := d.Start; i < d.End; i++ {
			baseChanged[i] = true
		}
		for j := d.ReplStart; j < d.ReplEnd; j++ {
			sideChanged[j] = true
		}
	}
}

// uniqueAnchors returns the pairs (i, j) with base[i] == side[j], a line that occurs once
// in each, forming the longest chain increasing in both i and j.
func uniqueAnchors(base, side []string) [][2]int {
	type seen struct{ inBase, inSide, at int }
	count := map[string]*seen{}
	for i, l := range base {
		if count[l] == nil {
			count[l] = &seen{}
		}
		count[l].inBase++
		count[l].at = i
	}
	var pairs [][2]int // in side order
	for _, l := range side {
		if c := count[l]; c != nil {
			c.inSide++
		}
	}
	for j, l := range side {
		if c := count[l]; c != nil && c.inBase == 1 && c.inSide == 1 {
			pairs = append(pairs, [2]int{c.at, j})
		}
	}
	// Longest chain increasing in base index, by patience sorting: tops[k] is the pair
	// ending the best chain of length k+1 found so far, prev links each pair to the one
	// before it in its chain.
	var tops []int
	prev := make([]int, len(pairs))
	for p, pair := range pairs {
		k, _ := slices.BinarySearchFunc(tops, pair[0], func(t, i int) int { return pairs[t][0] - i })
		prev[p] = -1
		if k > 0 {
			prev[p] = tops[k-1]
		}
		if k == len(tops) {
			tops = append(tops, p)
		} else {
			tops[k] = p
		}
	}
	if len(tops) == 0 {
		return nil
	}
	chain := make([][2]int, len(tops))
	for k, p := len(tops)-1, tops[len(tops)-1]; k >= 0; k, p = k-1, prev[p] {
		chain[k] = pairs[p]
	}
	return chain
}
