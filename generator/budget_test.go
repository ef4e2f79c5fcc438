package generator

import (
	"reflect"
	"strings"
	"testing"
)

// TestBoundsRefuseBeforeTheCall checks the checks run before a call whose result can
// be far larger than its arguments: whatever a printf format does to reach its
// arguments (indexes, %%, * widths of any integer type), and the escaping builtins.
func TestBoundsRefuseBeforeTheCall(t *testing.T) {
	big := strings.Repeat("<", 3<<20)
	tests := []struct {
		name   string
		fn     string
		args   []any // the function's arguments, the variadic ones as one []any
		refuse bool
	}{
		{"printf indexed * widths", "printf", []any{strings.Repeat("%[1]*[2]d", 40), []any{1000000, 1}}, true},
		{"printf * widths after %%", "printf", []any{"%%" + strings.Repeat("%*d", 40), []any{1, 1000000}}, true},
		{"printf int64 * widths", "printf", []any{strings.Repeat("%*d", 40), []any{int64(1000000), 1}}, true},
		{"printf uint * precisions", "printf", []any{strings.Repeat("%.*d", 40), []any{uint(1000000), 1}}, true},
		{"printf one argument printed many times", "printf", []any{strings.Repeat("%[1]s", 40), []any{strings.Repeat("x", 1<<20)}}, true},
		{"printf of small widths", "printf", []any{"%[2]*[1]d %5.2f %%", []any{1, 3, 2.5}}, false},
		{"printf of a large argument once", "printf", []any{"%s", []any{strings.Repeat("x", 10<<20)}}, false},
		{"js of angle brackets", "js", []any{[]any{big}}, true},
		{"html of angle brackets", "html", []any{[]any{big + big}}, true},
		{"urlquery of angle brackets", "urlquery", []any{[]any{big + big}}, true},
		{"js of a small string", "js", []any{[]any{"<a>"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := bounds[tt.fn]
			if check == nil {
				t.Fatalf("%s has no bound", tt.fn)
			}
			args := make([]reflect.Value, len(tt.args))
			for i, a := range tt.args {
				args[i] = reflect.ValueOf(a)
			}
			err := check(tt.fn, args)
			if (err != nil) != tt.refuse {
				t.Errorf("err = %v, want refused: %v", err, tt.refuse)
			}
			if err != nil && !strings.Contains(err.Error(), tt.fn+": the result would exceed") {
				t.Errorf("err = %v, want it to name %s and the limit", err, tt.fn)
			}
		})
	}
}

// TestDeepSizeOfValuesThatContainThemselves checks that values which lead back to
// themselves, or nest deeper than maxDepth, are past any limit, and that a value
// referred to twice, not within itself, is not taken for one.
func TestDeepSizeOfValuesThatContainThemselves(t *testing.T) {
	m := map[string]any{}
	m["a"] = m
	l := []any{nil}
	l[0] = l
	type node struct{ next *node }
	p := &node{}
	p.next = p
	deep := any(nil)
	for range maxDepth + 1 {
		deep = []any{deep}
	}
	shared := map[string]any{"x": "y"}
	tests := []struct {
		name string
		v    any
		past bool
	}{
		{"map in itself", m, true},
		{"list in itself", l, true},
		{"pointer to itself", p, true},
		{"deeper than maxDepth", deep, true},
		{"one map twice", []any{shared, shared}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deepSize(reflect.ValueOf(tt.v), MaxValue); (got > MaxValue) != tt.past {
				t.Errorf("deepSize = %d, want past %d: %v", got, MaxValue, tt.past)
			}
		})
	}
}
