package audit

import "testing"

// TestGreenIf checks the folding of GitHub if: expressions on a pipeline where
// nothing fails: constants, !, &&, || and parentheses fold; anything that depends
// on a context, another function or a comparison stays unknown.
func TestGreenIf(t *testing.T) {
	for _, tt := range []struct {
		expr         string
		value, known bool
	}{
		{"false", false, true},
		{"true", true, true},
		{"false && github.event_name == 'push'", false, true},
		{"github.event_name == 'push' && false", false, true},
		{"!true", false, true},
		{"!!false", false, true},
		{"(false)", false, true},
		{"(false || false) && x", false, true},
		{"!(true || github.ref)", false, true},
		{"true && !false", true, true},
		{"github.ref == 'refs/heads/main' || true", true, true},
		{"failure()", false, true},
		{"cancelled()", false, true},
		{"failure() && github.ref == 'refs/heads/main'", false, true},
		{"!success()", false, true},
		{"always()", true, true},
		{"Always()", true, true},
		{"success() || failure()", true, true},
		{"!cancelled()", true, true},
		{"failure() || github.event_name == 'push'", false, false},
		{"github.event_name == 'push'", false, false},
		{"contains(github.ref, 'false')", false, false},
		{"false == false", false, false},
		{"'false'", false, false},
		{"false.x", false, false},
		{"matrix.experimental", false, false},
		{"github.event.pull_request.labels.*.name", false, false},
		{"steps['x'].outcome", false, false},
		{"failure('x')", false, false},
		{"format('{0}', 'it''s') && true", false, false},
		{"", false, false},
		{"false &&", false, false},
		{"(false", false, false},
		{"false)", false, false},
		{"${{ false }} && x", false, false},
		{"false & x", false, false},
	} {
		v, known := greenIf(tt.expr, nil, nil)
		if v != tt.value || known != tt.known {
			t.Errorf("greenIf(%q) = %v, %v; want %v, %v", tt.expr, v, known, tt.value, tt.known)
		}
	}
}
