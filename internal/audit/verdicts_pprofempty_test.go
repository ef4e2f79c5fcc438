package audit

import (
	"strings"
	"testing"
)

// TestPprofEmptyTokenCompare audits admin listeners whose constant-time compare
// matches an empty presented token with an expected one that is empty while the
// variable is unset ("" equals ""): WARN, unless an empty token is refused.
func TestPprofEmptyTokenCompare(t *testing.T) {
	const (
		empty   = "compares the presented token in constant time with an expected one that is empty when none is configured"
		guarded = "pprof is served on a separate listener that checks a token"
	)
	const compare = `if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}`
	withoutCheck := func(files map[string]string) map[string]string {
		files["internal/profiles/profiles.go"] = strings.Replace(files["internal/profiles/profiles.go"], "\tif token == \"\" {\n\t\treturn nil, errors.New(\"pprof token is required\")\n\t}\n", "\t_ = errors.New\n", 1)
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "the token from an unset variable compared with the header", files: mainFiles("example.test/e", emptyTokenAdmin(compare, "")), check: "pprof", want: Warn, message: empty},
		{name: "an empty presented token refused in the same condition", files: mainFiles("example.test/e", emptyTokenAdmin(strings.Replace(compare, "if subtle", "if got == \"\" || subtle", 1), "")), check: "pprof", want: Pass, message: guarded},
		{name: "an empty expected token refused before the compare", files: mainFiles("example.test/e", emptyTokenAdmin("if len(token) == 0 {\n\t\t\thttp.Error(w, \"forbidden\", http.StatusForbidden)\n\t\t\treturn\n\t\t}\n\t\t"+compare, "")), check: "pprof", want: Pass, message: guarded},
		{name: "main exits when the token variable is empty", files: mainFiles("example.test/e", emptyTokenAdmin(compare, "if os.Getenv(\"DEBUG_TOKEN\") == \"\" {\n\t\tlog.Fatal(\"DEBUG_TOKEN is required\")\n\t}\n\t")), check: "pprof", want: Pass, message: guarded},
		{name: "an empty-token test that serves the request refuses nothing", files: mainFiles("example.test/e", emptyTokenAdmin(compare, "if os.Getenv(\"DEBUG_TOKEN\") == \"\" {\n\t\tlog.Print(\"DEBUG_TOKEN is empty\")\n\t}\n\t")), check: "pprof", want: Warn, message: empty},
		{name: "an empty token replaced by a generated one", files: mainFiles("example.test/e", strings.Replace(emptyTokenAdmin(compare, "token := os.Getenv(\"DEBUG_TOKEN\")\n\tif token == \"\" {\n\t\ttoken = newToken()\n\t}\n\t"), `guard(os.Getenv("DEBUG_TOKEN"), admin)`, "guard(token, admin)", 1)+"\nfunc newToken() string { return \"generated\" }\n"), check: "pprof", want: Pass, message: guarded},
		{name: "an empty token replaced by another variable", files: mainFiles("example.test/e", strings.Replace(emptyTokenAdmin(compare, "token := os.Getenv(\"DEBUG_TOKEN\")\n\tif token == \"\" {\n\t\ttoken = os.Getenv(\"PPROF_TOKEN\")\n\t}\n\t"), `guard(os.Getenv("DEBUG_TOKEN"), admin)`, "guard(token, admin)", 1)), check: "pprof", want: Warn, message: empty},
		{name: "the admin listener started only when a token is set", files: mainFiles("example.test/e", strings.Replace(strings.Replace(emptyTokenAdmin(compare, "if token := os.Getenv(\"DEBUG_TOKEN\"); token != \"\" {\n\t"), `guard(os.Getenv("DEBUG_TOKEN"), admin)`, "guard(token, admin)", 1), "ListenAndServe()\n", "ListenAndServe()\n\t}\n", 1)), check: "pprof", want: Pass, message: guarded},
		{name: "a token too short refused by the config check", files: mainFiles("example.test/e", emptyTokenAdmin(compare, "if len(os.Getenv(\"DEBUG_TOKEN\")) < 32 {\n\t\tlog.Fatal(\"DEBUG_TOKEN is too short\")\n\t}\n\t")), check: "pprof", want: Pass, message: guarded},
		{name: "a length check that an empty token passes", files: mainFiles("example.test/e", emptyTokenAdmin(compare, "if len(os.Getenv(\"DEBUG_TOKEN\")) > 64 {\n\t\tlog.Fatal(\"DEBUG_TOKEN is too long\")\n\t}\n\t")), check: "pprof", want: Warn, message: empty},
		{name: "sha256 sums of the tokens compared, nothing refusing an empty one", files: withoutCheck(adminTypeFiles()), check: "pprof", want: Warn, message: empty},
		{name: "sha256 sums of the tokens compared, the constructor refusing an empty token", files: adminTypeFiles(), check: "pprof", want: Pass, message: guarded},
	})
}

// emptyTokenAdmin returns a main that serves the profiles on :6060 behind guard,
// whose check is check (got the presented token, token the expected one, from
// DEBUG_TOKEN); setup runs first in main.
func emptyTokenAdmin(check, setup string) string {
	return `package main

import (
	"crypto/subtle"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

var _ = log.Print

func guard(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("X-Debug-Token")
		` + check + `
		next.ServeHTTP(w, r)
	})
}

func main() {
	` + setup + `admin := http.NewServeMux()
	admin.HandleFunc("/debug/pprof/", pprof.Index)
	admin.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go (&http.Server{Addr: ":6060", Handler: guard(os.Getenv("DEBUG_TOKEN"), admin), ReadHeaderTimeout: time.Second}).ListenAndServe()
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	(&http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}).ListenAndServe()
}
`
}
