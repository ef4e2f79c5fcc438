package audit

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

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

// TestMatrixIf checks the folding of matrix values in a GitHub if: (see matrixIf):
// a comparison with a literal or another matrix value folds as GitHub's loose
// comparison, a key the job lacks is null, and a value this audit does not know
// (an expression, a matrix not known) leaves it unknown, unresolved.
func TestMatrixIf(t *testing.T) {
	job := func(yml string) matrixJob {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(yml), &n); err != nil {
			t.Fatal(err)
		}
		j := matrixJob{}
		for _, kv := range pairs(n.Content[0]) {
			j[kv[0].Value] = kv[1]
		}
		return j
	}
	for _, tt := range []struct {
		expr                     string
		job                      matrixJob
		value, known, unresolved bool
	}{
		{"matrix.go == '1.25'", job("go: '1.25'"), true, true, false},
		{"matrix.go == '1.23'", job("go: '1.25'"), false, true, false},
		{"matrix.go != '1.23'", job("go: '1.25'"), true, true, false},
		{"matrix.Go == '1.25'", job("go: '1.25'"), true, true, false},
		{"'1.25' == matrix.go", job("go: 1.25"), true, true, false},
		{"matrix.go == '1.20'", job("go: 1.20"), true, true, false},
		{"matrix.go == 1.2", job("go: '1.20'"), true, true, false},
		{"matrix.go == ' 1.25 '", job("go: 1.25"), true, true, false},
		{"matrix.go == '0x1'", job("go: 1"), false, false, false},
		{"matrix.go == 1", job("go: 0x1"), false, false, true},
		{"matrix.go == 'go1'", job("go: 1"), false, true, false},
		{"matrix.os == 'UBUNTU-latest'", job("os: ubuntu-latest"), true, true, false},
		{"matrix.race == true", job("race: true"), true, true, false},
		{"matrix.race == true", job("race: 'true'"), false, true, false},
		{"matrix.race == 1", job("race: true"), true, true, false},
		{"matrix.race", job("race: false"), false, true, false},
		{"!matrix.race", job("race: false"), true, true, false},
		{"matrix.race", job("go: '1.25'"), false, true, false},
		{"matrix.race == null", job("go: '1.25'"), true, true, false},
		{"matrix.race == ''", job("go: '1.25'"), true, true, false},
		{"matrix.n == 0", job("n: ''"), true, true, false},
		{"matrix.go >= '1.25'", job("go: '1.25'"), true, true, false},
		{"matrix.go < '1.25'", job("go: '1.25'"), false, true, false},
		{"matrix.go > 1.24", job("go: '1.25'"), true, true, false},
		{"matrix.os > 1", job("os: linux"), false, true, false},
		{"matrix.os != 1", job("os: linux"), true, true, false},
		{"matrix.os == matrix.target", job("{os: linux, target: Linux}"), true, true, false},
		{"matrix.cfg == 'x'", job("cfg: {a: 1}"), false, true, false},
		{"matrix.cfg", job("cfg: {a: 1}"), true, true, false},
		{"matrix.cfg == matrix.cfg", job("cfg: {a: 1}"), false, false, false},
		{"matrix.cfg.a == 1", job("cfg: {a: 1}"), false, false, false},
		{"matrix['go'] == '1.25'", job("go: '1.25'"), false, false, false},
		{"matrix.go == '1.25'", job("go: '${{ env.GO }}'"), false, false, true},
		{"matrix.go == '1.25'", matrixJob{"go": nil}, false, false, true},
		{"matrix.go == '1.25'", nil, false, false, true},
		{"matrix.go == '1.23' && github.ref == 'x'", job("go: '1.25'"), false, true, false},
		{"matrix.go == '1.25' && github.ref == 'x'", job("go: '1.25'"), false, false, false},
		{"false && matrix.go == '1.25'", nil, false, true, false},
		{"'1.25' == '1.25'", job("go: '1.25'"), false, false, false},
	} {
		v, known, unresolved := matrixIf(tt.expr, nil, nil, tt.job)
		if v != tt.value || known != tt.known || unresolved != tt.unresolved {
			t.Errorf("matrixIf(%q) = %v, %v, %v; want %v, %v, %v", tt.expr, v, known, unresolved, tt.value, tt.known, tt.unresolved)
		}
	}
}
