// Package textdiff renders unified diffs of small text files: golden-file failures, the
// conflicts of a retrofit, and dry-run output.
package textdiff

import (
	"fmt"
	"strings"
)

// context is the number of unchanged lines shown around each change.
const context = 3

type op struct {
	kind byte // ' ', '-', '+'
	line string
}

// Unified returns the unified diff from old to new, labelled oldName and newName, or ""
// when they are equal. It is quadratic in the number of lines, which suits source files.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	ops := diffLines(splitLines(old), splitLines(new))
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", oldName, newName)
	for start := 0; start < len(ops); {
		// Find the next change.
		for start < len(ops) && ops[start].kind == ' ' {
			start++
		}
		if start == len(ops) {
			break
		}
		lo := max(0, start-context)
		hi := start
		for unchanged := 0; hi < len(ops); hi++ {
			if ops[hi].kind == ' ' {
				unchanged++
				if unchanged > 2*context {
					break
				}
			} else {
				unchanged = 0
			}
		}
		hi = min(len(ops), trimTail(ops, hi))
		writeHunk(&b, ops, lo, hi)
		start = hi
	}
	return b.String()
}

// trimTail ends a hunk context lines after its last change.
func trimTail(ops []op, hi int) int {
	last := hi - 1
	for last >= 0 && ops[last].kind == ' ' {
		last--
	}
	return last + 1 + context
}

func writeHunk(b *strings.Builder, ops []op, lo, hi int) {
	oldStart, newStart := 1, 1
	for _, o := range ops[:lo] {
		if o.kind != '+' {
			oldStart++
		}
		if o.kind != '-' {
			newStart++
		}
	}
	var oldN, newN int
	for _, o := range ops[lo:hi] {
		if o.kind != '+' {
			oldN++
		}
		if o.kind != '-' {
			newN++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", span(oldStart, oldN), span(newStart, newN))
	for _, o := range ops[lo:hi] {
		b.WriteByte(o.kind)
		b.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func span(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start-1)
	}
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines computes a shortest edit script with a longest-common-subsequence table.
func diffLines(a, b []string) []op {
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, op{'-', a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, op{'+', b[j]})
	}
	return ops
}
