package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/gonew-prod/gonew-prod/internal/audit"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

func TestAuditExitCodes(t *testing.T) {
	cases, err := filepath.Abs("../audit/testdata")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs("../../golden/gin-default")
	if err != nil {
		t.Fatal(err)
	}
	library := t.TempDir()
	for name, data := range map[string]string{
		"go.mod": "module example.test/lib\n\ngo 1.26\n",
		"lib.go": "// Package lib has no main.\npackage lib\n",
	} {
		if err := os.WriteFile(filepath.Join(library, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		want   int
		stdout string // a substring of stdout
		stderr string // a substring of stderr
	}{
		{"no main package", []string{"audit", library}, ExitOK, "no main package: gonew-prod add retrofits one and has nothing to add here", ""},
		{"all pass", []string{"audit", filepath.Join(cases, "pass-gin")}, ExitOK, "11 results: 11 PASS", ""},
		{"fail found", []string{"audit", filepath.Join(cases, "shutdown-interrupt-only")}, ExitFailure, "only os.Interrupt", "FAIL found (--fail-on fail)"},
		{"fail-on never", []string{"audit", "--fail-on", "never", filepath.Join(cases, "shutdown-interrupt-only")}, ExitOK, "FAIL", ""},
		{"warn below fail", []string{"audit", "--only", "otel", filepath.Join(cases, "otel-deprecated")}, ExitOK, "deprecated", ""},
		{"fail-on warn", []string{"audit", "--only", "otel", "--fail-on", "warn", filepath.Join(cases, "otel-deprecated")}, ExitFailure, "", "WARN found"},
		{"unknown below warn", []string{"audit", "--only", "shutdown", "--fail-on", "warn", filepath.Join(cases, "shutdown-delegated")}, ExitOK, "UNKNOWN", ""},
		{"fail-on unknown", []string{"audit", "--only", "shutdown", "--fail-on", "unknown", filepath.Join(cases, "shutdown-delegated")}, ExitFailure, "left to go.uber.org/fx", "UNKNOWN found (--fail-on unknown)"},
		{"fail-on unknown with passes only", []string{"audit", "--fail-on", "unknown", filepath.Join(cases, "pass-gin")}, ExitOK, "11 PASS", ""},
		{"main selected", []string{"audit", "--main", "billing", "--only", "health", filepath.Join(cases, "multi-module")}, ExitOK, "services/billing/cmd/billing", ""},
		{"unknown main", []string{"audit", "--main", "nope", filepath.Join(cases, "multi-module")}, ExitUsage, "", "no such main package \"nope\""},
		{"unknown check", []string{"audit", "--only", "bogus", filepath.Join(cases, "pass-gin")}, ExitUsage, "", "unknown check \"bogus\""},
		{"bad format", []string{"audit", "--format", "xml", "."}, ExitUsage, "", "invalid --format"},
		{"bad fail-on", []string{"audit", "--fail-on", "sometimes", "."}, ExitUsage, "", "invalid --fail-on"},
		{"no such directory", []string{"audit", filepath.Join(cases, "missing-dir")}, ExitUsage, "", "no such directory"},
		{"not a directory", []string{"audit", filepath.Join(cases, "pass-gin", "go.mod")}, ExitUsage, "", "not a directory"},
		{"no Go module or file", []string{"audit", t.TempDir()}, ExitUsage, "", "no Go module or Go file there"},
		{"two dirs", []string{"audit", "a", "b"}, ExitUsage, "", "accepts at most 1 arg"},
		{"golden case", []string{"audit", "--only", "shutdown,pprof,mtls", golden}, ExitOK, "3 PASS", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, "", tt.args...)
			if res.code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.want, res.stdout, res.stderr)
			}
			if !strings.Contains(res.stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, res.stdout)
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, res.stderr)
			}
			if strings.Contains(res.stdout, "\x1b[") {
				t.Error("colour written to a stream that is not a terminal")
			}
		})
	}
}

func TestAuditFormats(t *testing.T) {
	dir, err := filepath.Abs("../audit/testdata/pprof-default-mux")
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, dir, "audit", "--format", "json", "--fail-on", "never")
	var rep struct {
		Schema  string `json:"schema"`
		Results []struct {
			Check, Status string
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil || rep.Schema != "gonew-prod.audit/v1" || len(rep.Results) != 11 {
		t.Fatalf("json output: %v, %+v\n%s", err, rep, res.stdout)
	}
	res = run(t, dir, "audit", "--format", "sarif", "--fail-on", "never")
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("sarif output: %v\n%s", err, res.stdout)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		found = found || r.RuleID == "pprof"
	}
	if !found {
		t.Errorf("no pprof result in the SARIF log:\n%s", res.stdout)
	}
}

func TestWriteTableColor(t *testing.T) {
	dir, err := filepath.Abs("../audit/testdata/shutdown-os-kill")
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, dir, "audit", "--only", "shutdown")
	if !strings.Contains(res.stdout, "FAIL    shutdown") || strings.Contains(res.stdout, "\x1b[") {
		t.Errorf("plain table expected:\n%s", res.stdout)
	}
	if colorful(Env{Stdout: &strings.Builder{}}) {
		t.Error("a buffer counts as a terminal")
	}
}

func TestColorfulOnTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	tests := []struct {
		environ []string
		want    bool
	}{
		{nil, true},
		{[]string{"NO_COLOR=1"}, false},
		{[]string{"NO_COLOR="}, true}, // empty means unset
	}
	for _, tt := range tests {
		if got := colorful(Env{Stdout: tty, Environ: tt.environ}); got != tt.want {
			t.Errorf("colorful on a terminal with %v = %v, want %v", tt.environ, got, tt.want)
		}
	}
}

// TestAuditTableHeader names each main's framework, and says none was seen rather
// than printing empty parentheses.
func TestAuditTableHeader(t *testing.T) {
	rep := &audit.Report{Mains: []audit.MainInfo{
		{Dir: "cmd/api", Framework: "gin", Service: true},
		{Dir: "cmd/grpc", Service: true},
		{Dir: "cmd/fiber", Framework: "fiber", Service: true},
		{Dir: "cmd/tool", Framework: "net/http"},
		{Dir: "cmd/gen"},
	}}
	var b strings.Builder
	writeTable(&b, rep, false, nil)
	want := "main cmd/api: serves HTTP (gin)\n" +
		"main cmd/grpc: serves (no HTTP framework or net/http import seen)\n" +
		"main cmd/fiber: serves HTTP (fiber, which serves no http.Handler)\n" +
		"main cmd/tool: no HTTP server: a tool, only repository-wide checks apply\n" +
		"main cmd/gen: no HTTP server: a tool, only repository-wide checks apply\n\n"
	if got, _, _ := strings.Cut(b.String(), "\n\n"); got+"\n\n" != want {
		t.Errorf("header:\n%s\nwant:\n%s", got, want)
	}
}

// TestAuditTableNotForAdd leaves out of "components to add" those add refuses for a
// program with no http.Handler (a gRPC or TCP server alone), naming them apart.
func TestAuditTableNotForAdd(t *testing.T) {
	results := []audit.Result{
		{Check: "shutdown", Main: "cmd/svc", Component: "shutdown", Status: audit.Unknown},
		{Check: "ci", Component: "ci", Status: audit.Warn},
	}
	tests := []struct {
		name string
		main audit.MainInfo
		want []string
	}{
		{"a gRPC server alone", audit.MainInfo{Dir: "cmd/svc", Service: true},
			[]string{"not for add: shutdown (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", "components to add: gonew-prod add ci\n"}},
		{"an HTTP service", audit.MainInfo{Dir: "cmd/svc", Framework: "gin", Service: true},
			[]string{"components to add: gonew-prod add shutdown ci\n"}},
		{"a Fiber service", audit.MainInfo{Dir: "cmd/svc", Framework: "fiber", Service: true},
			[]string{"not for add: shutdown (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", "components to add: gonew-prod add ci\n"}},
		{"a tool alone, which add works on when named", audit.MainInfo{Dir: "cmd/svc"},
			[]string{"not for add: shutdown (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", "components to add: gonew-prod add --main ./cmd/svc ci\n"}},
		{"a tool at the root alone", audit.MainInfo{Dir: "."},
			[]string{"not for add: shutdown (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", "components to add: gonew-prod add --main . ci\n"}},
		{"a tool whose func main is generated", audit.MainInfo{Dir: "cmd/svc", Generated: "cmd/svc/main.go"},
			[]string{"not for add: shutdown (each works around an http.Handler, which no main package here serves); make those fixes by hand\n", "not for add: func main is generated, and the next generation would undo add's edits; have the generator call into a package main of your own, or make the fixes above by hand\n"}},
		{"an HTTP service whose func main is generated", audit.MainInfo{Dir: "cmd/svc", Framework: "net/http", Service: true, Generated: "cmd/svc/main.go"},
			[]string{"main cmd/svc: serves HTTP (net/http); func main is in cmd/svc/main.go, which is generated: never evidence, and add does not edit it\n",
				"not for add: func main is generated, and the next generation would undo add's edits; have the generator call into a package main of your own, or make the fixes above by hand\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeTable(&b, &audit.Report{Mains: []audit.MainInfo{tt.main}, Results: results}, false, nil)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("missing %q in:\n%s", w, b.String())
				}
			}
			if len(tt.want) == 1 && strings.Contains(b.String(), "not for add") {
				t.Errorf("an HTTP service got a not-for-add line:\n%s", b.String())
			}
			if tt.main.Generated != "" && strings.Contains(b.String(), "components to add") {
				t.Errorf("a service whose func main is generated got components to add:\n%s", b.String())
			}
			if tt.main.Generated == "" && strings.Contains(b.String(), "func main is generated") {
				t.Errorf("a main package not generated is said to be:\n%s", b.String())
			}
		})
	}
}

// TestAuditTableColumns writes a report whose main directory is longer than the
// column: every row keeps the messages aligned.
func TestAuditTableColumns(t *testing.T) {
	rep := &audit.Report{Results: []audit.Result{
		{Check: "pprof", Main: "services/payments/cmd/api", Status: audit.Pass, Message: "first"},
		{Check: "ci", Status: audit.Warn, Message: "second"},
	}}
	var b strings.Builder
	writeTable(&b, rep, false, nil)
	var at []int
	for _, line := range strings.Split(b.String(), "\n") {
		for _, msg := range []string{"first", "second"} {
			if strings.HasSuffix(line, " "+msg) {
				at = append(at, strings.Index(line, msg))
			}
		}
	}
	if len(at) != 2 || at[0] != at[1] {
		t.Errorf("messages start at columns %v, want one column:\n%s", at, b.String())
	}
}

// TestAuditTableEscapesControls prints text from the repository (a snippet, a file
// name, a message, a skipped file and its error) with its terminal control
// characters and bidirectional formatting characters escaped, tabs kept: a repository
// must not erase the FAIL line, draw a PASS or reorder a snippet in the table. JSON
// keeps the raw string, encoded.
func TestAuditTableEscapesControls(t *testing.T) {
	const attack = "srv := &http.Server{}\t/* \x1b[2K\x1b[1A\rPASS \x9b2K \xff */ // \u202eSSAP\u2066"
	rep := &audit.Report{
		Results: []audit.Result{{Check: "timeouts", Main: "cmd/\x1bapi", Status: audit.Fail, Message: "1 server(s) without a read timeout: \x1b[1A",
			Evidence: []repo.Evidence{{File: "cmd/api/m\x1b[2Kain.go", Line: 9, Snippet: attack}}, Fix: "Serve \x07"}},
		Problems: []repo.Problem{{File: "x\x1b[2K.go", Err: "open: \x1b[31m"}},
	}
	var b strings.Builder
	writeTable(&b, rep, false, nil)
	out := b.String()
	for _, bad := range []string{"\x1b", "\r", "\x9b", "\xff", "\x07", "\u009b", "\u202e", "\u2066"} {
		if strings.Contains(out, bad) {
			t.Errorf("raw %q in the table:\n%s", bad, out)
		}
	}
	for _, want := range []string{`/* \x1b[2K\x1b[1A\x0dPASS \x9b2K \xff */ // \u202eSSAP\u2066`, "{}\t/*", `cmd/api/m\x1b[2Kain.go:9`, `skipped x\x1b[2K.go: open: \x1b[31m`, `cmd/\x1bapi`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `\u001b[2K\u001b[1A\rPASS`) {
		t.Errorf("JSON does not carry the raw snippet, encoded: %s", js)
	}
}
